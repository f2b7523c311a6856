/**
 * What went wrong, in domain terms. Services throw DomainErrors; the HTTP edge
 * (AllExceptionsFilter) and the socket gateway map the code to a status.
 */
export enum ErrorCode {
  Invalid = 'invalid',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Gone = 'gone',
  TooLarge = 'too_large',
  Unsupported = 'unsupported',
  RateLimited = 'rate_limited',
}

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.Invalid]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Gone]: 410,
  [ErrorCode.TooLarge]: 413,
  [ErrorCode.Unsupported]: 415,
  [ErrorCode.RateLimited]: 429,
};

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds after which a rate-limited call may be tried again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message: string) => new DomainError(ErrorCode.Forbidden, message);
export const conflict = (message: string) => new DomainError(ErrorCode.Conflict, message);
export const unauthenticated = (message = 'Authentication required') =>
  new DomainError(ErrorCode.Unauthenticated, message);

/**
 * What one may not see does not exist for them: a 404 of the place (a group, a deelsite)
 * becomes the 404 of the thing asked for in it (a thread, a file, a post).
 */
export async function notFoundAs<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw new DomainError(ErrorCode.NotFound, message);
    throw error;
  }
}

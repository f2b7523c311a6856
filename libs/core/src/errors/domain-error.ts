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

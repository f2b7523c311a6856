import { DomainError, defineErrors, type ErrorFactory, type ErrorLocale } from './domain-error.js';

// TRANSITION ONLY (issue 12): errors not yet moved to a lib's catalogue. Each answers a
// generic `legacy.*` code with its inline message. Removed once every lib names its own.

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

const LEGACY = defineErrors('legacy', {
  invalid: { status: 400, nl: 'Ongeldig', en: 'Invalid' },
  unauthenticated: { status: 401, nl: 'Niet ingelogd', en: 'Unauthenticated' },
  forbidden: { status: 403, nl: 'Niet toegestaan', en: 'Forbidden' },
  not_found: { status: 404, nl: 'Niet gevonden', en: 'Not found' },
  conflict: { status: 409, nl: 'Conflict', en: 'Conflict' },
  gone: { status: 410, nl: 'Verdwenen', en: 'Gone' },
  too_large: { status: 413, nl: 'Te groot', en: 'Too large' },
  unsupported: { status: 415, nl: 'Niet ondersteund', en: 'Unsupported' },
  rate_limited: { status: 429, nl: 'Te veel verzoeken', en: 'Too many requests' },
});

class LegacyDomainError extends DomainError {
  constructor(
    code: ErrorCode,
    private readonly rawMessage: string,
    retryAfterSeconds?: number,
  ) {
    super(`legacy.${code}`, {}, { retryAfterSeconds });
    this.message = rawMessage;
  }

  override messageIn(_locale: ErrorLocale): string {
    return this.rawMessage;
  }
}

void LEGACY;

export const legacyError = (code: ErrorCode, message: string, retryAfterSeconds?: number): DomainError =>
  new LegacyDomainError(code, message, retryAfterSeconds);
export const notFound = (what: string) => legacyError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (message: string) => legacyError(ErrorCode.Forbidden, message);
export const conflict = (message: string) => legacyError(ErrorCode.Conflict, message);
export const unauthenticated = (message = 'Authentication required') => legacyError(ErrorCode.Unauthenticated, message);

/**
 * What one may not see does not exist for them: a 404 of the place (a group, a deelsite)
 * becomes the 404 of the thing asked for in it (a thread, a file, a post).
 */
export async function notFoundAs<T>(work: Promise<T>, error: ErrorFactory | string): Promise<T> {
  try {
    return await work;
  } catch (caught) {
    if (caught instanceof DomainError && caught.status === 404) {
      throw typeof error === 'string' ? legacyError(ErrorCode.NotFound, error) : error();
    }
    throw caught;
  }
}

import { randomUUID } from 'node:crypto';
import { databaseInputError, databaseUnavailable } from './database-errors.js';
import { CommonErrors, DomainError, type ErrorLocale } from './domain-error.js';

/** What a socket ack carries on failure: the same code and message an HTTP answer would. */
export interface SocketFailure {
  ok: false;
  error: { code: string; message: string | string[] };
  status: number;
}

/**
 * A socket handler's error as an ack. Input PostgreSQL refused and a lost database answer
 * their codes (as over HTTP); an unexpected error is logged with an error id and answered
 * as `common.internal`, never with its internals.
 */
export function socketFailure(error: unknown, locale: ErrorLocale, log: (line: string) => void): SocketFailure {
  let known: DomainError;
  const refused = databaseInputError(error) ?? databaseUnavailable(error);
  if (error instanceof DomainError) {
    known = error;
  } else if (refused) {
    known = refused;
  } else {
    const errorId = randomUUID();
    log(`error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    known = CommonErrors.internal({ errorId });
  }
  return { ok: false, error: { code: known.code, message: known.messageIn(locale) }, status: known.status };
}

import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { CommonErrors, type DomainError, type ErrorFactory } from './domain-error.js';

/**
 * PostgreSQL's SQLSTATEs that mean "this input cannot be stored or compared", not "the
 * server failed". The edge validates input so that they should not occur; should one
 * slip through (a route whose checks miss a case), it answers 400 with a code rather than
 * a 500. https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const INPUT_ERRORS: Record<string, ErrorFactory> = {
  '22P02': CommonErrors.invalid_value, // invalid_text_representation: 'x'::uuid, 'x'::int
  '22021': CommonErrors.nul_character, // character_not_in_repertoire: a NUL in text
  '22001': CommonErrors.invalid_value, // string_data_right_truncation: longer than the column
  '22007': CommonErrors.invalid_value, // invalid_datetime_format
  '22008': CommonErrors.invalid_value, // datetime_field_overflow
  '22003': CommonErrors.number_out_of_range, // numeric_value_out_of_range
  '54001': CommonErrors.input_too_complex, // statement_too_complex: stack depth limit
};

/** TypeORM's QueryFailedError and pg's DatabaseError both carry the SQLSTATE as `code` (and pg's `severity`). */
export function databaseInputError(error: unknown): DomainError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string' || typeof severity !== 'string') return undefined;
  return Object.hasOwn(INPUT_ERRORS, code) ? INPUT_ERRORS[code]() : undefined;
}

/**
 * SQLSTATEs of a lost or refused connection: admin_shutdown (pg_terminate_backend),
 * crash_shutdown, cannot_connect_now, database_dropped, idle_session_timeout,
 * too_many_connections; class 08 is "connection exception".
 */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05', '53300']);
/** Socket errors of Node on the way to the server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** pg and pg-pool say so in plain Errors, without a code. */
const CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end)/;

function isConnectionFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // TypeORM releases a transaction's query runner when its connection fails between two
  // statements (the client's error event); the next statement then finds it released.
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const { code, severity, message } = error as { code?: unknown; severity?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_STATES.has(code) || NETWORK_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  // A FATAL or PANIC error ends the session, whatever its code (a refused login among them).
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/**
 * `common.database_unavailable` (503) when PostgreSQL could not be reached or dropped the
 * connection (killed backends, a restart, a refusing database), whether pg's own error or
 * TypeORM's QueryFailedError around it; else undefined. The pool drops such clients, so a
 * retry gets a fresh connection.
 */
export function databaseUnavailable(error: unknown): DomainError | undefined {
  const driverError = (error as { driverError?: unknown } | null)?.driverError;
  if (!isConnectionFailure(error) && !isConnectionFailure(driverError)) return undefined;
  return CommonErrors.database_unavailable({}, { retryAfterSeconds: 1 });
}

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

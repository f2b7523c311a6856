/** Numbered parameters ($1, $2, …) for SQL built from optional parts. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A user's search text for LIKE/ILIKE: % and _ are taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The rows of a raw UPDATE or DELETE … RETURNING. TypeORM's postgres driver answers
 * [rows, affected] for those statements, and the rows alone for SELECT and INSERT.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * Whether a failed statement broke a unique constraint (PostgreSQL 23505), this one when
 * named: TypeORM's QueryFailedError carries the driver's code and constraint.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const failure = error as { code?: unknown; constraint?: unknown } | null;
  return failure?.code === '23505' && (constraint === undefined || failure.constraint === constraint);
}

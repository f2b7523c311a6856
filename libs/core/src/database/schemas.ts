/** Core's own schema: the activity log and the Dutch search configuration. */
export const CORE_SCHEMA = 'core';

/**
 * What stays in public: the extensions every lib may use (pg_trgm, unaccent) and TypeORM's
 * migrations table, which belong to no lib. Nothing of a lib is made there.
 */
export const SHARED_SCHEMA = 'public';

const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * The search_path of the application's connections: the schemas of the libs an app is built
 * from (each lib exports its own), core's, then public. Unqualified SQL finds every table
 * through it; tables are unique across schemas, so the order decides nothing.
 */
export function searchPathOf(libSchemas: readonly string[]): string {
  const schemas = [...new Set([...libSchemas, CORE_SCHEMA, SHARED_SCHEMA])];
  const odd = schemas.find((schema) => !PLAIN_NAME.test(schema));
  if (odd !== undefined) throw new Error(`Schema name "${odd}": use lower-case letters, digits and _ only.`);
  return schemas.join(',');
}

/** The libpq startup option that sets searchPathOf(libSchemas) on every new connection (pg's `options`). */
export function searchPathOption(libSchemas: readonly string[]): string {
  return `-c search_path=${searchPathOf(libSchemas)}`;
}

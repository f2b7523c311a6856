import { libSchemaMigration } from './support/lib-schema-migration.js';

/**
 * Core's tables (the activity log and the Dutch search configuration) leave public for a
 * schema of their own: which lib owns a table shows in the database. Rows, indexes,
 * constraints and foreign keys move with them.
 */
export const CoreSchema1765600000000 = libSchemaMigration('CoreSchema1765600000000', 'core', {
  tables: ['activities'],
  // The Dutch search every lib searches with; the unaccent dictionary it folds with is an extension's and stays in public.
  textSearchConfigurations: ['kennisplein_dutch'],
});

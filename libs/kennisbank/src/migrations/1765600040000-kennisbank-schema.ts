import { libSchemaMigration } from '@kennisplein/core';

/**
 * Kennisbank's tables (congresses, themes, contributions and their authors) leave public for a
 * schema of their own: which lib owns a table shows in the database. Rows, indexes,
 * constraints and foreign keys move with them.
 */
export const KennisbankSchema1765600040000 = libSchemaMigration('KennisbankSchema1765600040000', 'kennisbank', {
  tables: ['organizations', 'congresses', 'themes', 'contributions', 'contribution_authors'],
  // The wrappers the generated keyword columns use.
  functions: ['kennisbank_keywords_text(text[])', 'kennisbank_keywords_folded(text[])'],
});

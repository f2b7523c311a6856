import { libSchemaMigration } from '@kennisplein/core';

/**
 * Discussions's tables (threads, messages and read positions) leave public for a schema of
 * their own: which lib owns a table shows in the database. Rows, indexes, constraints and
 * foreign keys move with them.
 */
export const DiscussionsSchema1765600030000 = libSchemaMigration('DiscussionsSchema1765600030000', 'discussions', {
  tables: ['threads', 'messages', 'thread_reads'],
});

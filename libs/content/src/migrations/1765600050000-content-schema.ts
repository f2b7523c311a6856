import { libSchemaMigration } from '@kennisplein/core';

/**
 * Content's tables (blog posts and files) leave public for a schema of their own: which lib
 * owns a table shows in the database. Rows, indexes, constraints and foreign keys move with
 * them.
 */
export const ContentSchema1765600050000 = libSchemaMigration('ContentSchema1765600050000', 'content', {
  tables: ['blog_posts', 'files'],
});

import { libSchemaMigration } from '@kennisplein/core';

/**
 * Identity's tables (accounts, their sessions, mail tokens and institution identities) leave
 * public for a schema of their own: which lib owns a table shows in the database. Rows,
 * indexes, constraints and foreign keys move with them.
 */
export const IdentitySchema1765600010000 = libSchemaMigration('IdentitySchema1765600010000', 'identity', {
  tables: ['users', 'refresh_tokens', 'account_tokens', 'user_identities'],
});

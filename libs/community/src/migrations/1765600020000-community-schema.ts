import { libSchemaMigration } from '@kennisplein/core';

/**
 * Community's tables (deelsites and groups with their members, requests and invitations) leave
 * public for a schema of their own: which lib owns a table shows in the database. Rows,
 * indexes, constraints and foreign keys move with them.
 */
export const CommunitySchema1765600020000 = libSchemaMigration('CommunitySchema1765600020000', 'community', {
  tables: ['deelsites', 'deelsite_members', 'deelsite_requests', 'deelsite_logos', 'groups', 'group_members', 'group_requests', 'group_invites'],
});

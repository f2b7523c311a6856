import { libSchemaMigration } from '@kennisplein/core';

/**
 * Notifications's tables (notifications, mutes and the digests' bookkeeping) leave public for
 * a schema of their own: which lib owns a table shows in the database. Rows, indexes,
 * constraints and foreign keys move with them.
 */
export const NotificationsSchema1765600060000 = libSchemaMigration('NotificationsSchema1765600060000', 'notifications', {
  tables: ['notifications', 'group_mutes', 'digest_deliveries', 'digest_runs', 'digest_clock', 'digest_watermarks'],
});

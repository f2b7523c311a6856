import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = {
  tables: ['notifications', 'group_mutes', 'digest_deliveries', 'digest_runs', 'digest_clock', 'digest_watermarks'],
};

/**
 * Notifications's tables (notifications, mutes and the digests' bookkeeping) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class NotificationsSchema1765600060000 implements MigrationInterface {
  name = 'NotificationsSchema1765600060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'notifications', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'notifications', OBJECTS);
  }
}

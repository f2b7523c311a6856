import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = { tables: ['threads', 'messages', 'thread_reads'] };

/**
 * Discussions's tables (threads, messages and read positions) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class DiscussionsSchema1765600030000 implements MigrationInterface {
  name = 'DiscussionsSchema1765600030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'discussions', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'discussions', OBJECTS);
  }
}

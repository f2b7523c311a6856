import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = { tables: ['blog_posts', 'files'] };

/**
 * Content's tables (blog posts and files) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class ContentSchema1765600050000 implements MigrationInterface {
  name = 'ContentSchema1765600050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'content', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'content', OBJECTS);
  }
}

import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '../database/schemas.js';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = {
  tables: ['activities'],
  // The Dutch search every lib searches with; the unaccent dictionary it folds with is an extension's and stays in public.
  textSearchConfigurations: ['kennisplein_dutch'],
};

/**
 * Core's tables (the activity log and the Dutch search configuration) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class CoreSchema1765600000000 implements MigrationInterface {
  name = 'CoreSchema1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'core', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'core', OBJECTS);
  }
}

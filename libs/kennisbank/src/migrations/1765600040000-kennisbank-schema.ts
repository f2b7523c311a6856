import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = {
  tables: ['organizations', 'congresses', 'themes', 'contributions', 'contribution_authors'],
  // The wrappers the generated keyword columns use.
  functions: ['kennisbank_keywords_text(text[])', 'kennisbank_keywords_folded(text[])'],
};

/**
 * Kennisbank's tables (congresses, themes, contributions and their authors) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class KennisbankSchema1765600040000 implements MigrationInterface {
  name = 'KennisbankSchema1765600040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'kennisbank', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'kennisbank', OBJECTS);
  }
}

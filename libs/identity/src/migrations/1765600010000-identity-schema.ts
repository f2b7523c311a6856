import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = { tables: ['users', 'refresh_tokens', 'account_tokens', 'user_identities'] };

/**
 * Identity's tables (accounts, their sessions, mail tokens and institution identities) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class IdentitySchema1765600010000 implements MigrationInterface {
  name = 'IdentitySchema1765600010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'identity', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'identity', OBJECTS);
  }
}

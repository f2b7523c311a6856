import { type LibSchemaObjects, moveIntoLibSchema, moveOutOfLibSchema } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const OBJECTS: LibSchemaObjects = {
  tables: ['deelsites', 'deelsite_members', 'deelsite_requests', 'deelsite_logos', 'groups', 'group_members', 'group_requests', 'group_invites'],
};

/**
 * Community's tables (deelsites and groups with their members, requests and invitations) leave public for a schema of their own, so that which lib owns
 * a table shows in the database. Rows, indexes, constraints and foreign keys move with them.
 */
export class CommunitySchema1765600020000 implements MigrationInterface {
  name = 'CommunitySchema1765600020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await moveIntoLibSchema(queryRunner, 'community', OBJECTS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await moveOutOfLibSchema(queryRunner, 'community', OBJECTS);
  }
}

import { coreMigrations, type MigrationClass } from '@kennisplein/core';
import { communityMigrations } from '@kennisplein/community';
import { contentMigrations } from '@kennisplein/content';
import { discussionsMigrations } from '@kennisplein/discussions';
import { identityMigrations } from '@kennisplein/identity';
import { kennisbankMigrations } from '@kennisplein/kennisbank';
import { notificationsMigrations } from '@kennisplein/notifications';

/**
 * The schema of the whole platform: every lib's migrations. TypeORM runs them in the
 * order of the timestamp in their names.
 */
export const platformMigrations: MigrationClass[] = [...coreMigrations, ...identityMigrations, ...communityMigrations, ...discussionsMigrations, ...kennisbankMigrations, ...contentMigrations, ...notificationsMigrations];

import { coreMigrations, type MigrationClass, searchPathOption } from '@kennisplein/core';
import { COMMUNITY_SCHEMA, communityMigrations } from '@kennisplein/community';
import { CONTENT_SCHEMA, contentMigrations } from '@kennisplein/content';
import { DISCUSSIONS_SCHEMA, discussionsMigrations } from '@kennisplein/discussions';
import { IDENTITY_SCHEMA, identityMigrations } from '@kennisplein/identity';
import { KENNISBANK_SCHEMA, kennisbankMigrations } from '@kennisplein/kennisbank';
import { NOTIFICATIONS_SCHEMA, notificationsMigrations } from '@kennisplein/notifications';

/**
 * The schema of the whole platform: every lib's migrations. TypeORM runs them in the
 * order of the timestamp in their names.
 *
 * Each lib's tables live in the lib's own PostgreSQL schema (core's in `core`); public keeps
 * only the extensions and TypeORM's migrations table. Migrations run without the libs'
 * search_path, so a new migration names the schema of everything it makes or changes
 * (`CREATE TABLE community.group_labels …`, `ALTER TABLE identity.users …`): an unqualified
 * CREATE would land in public, which test/architecture/schemas.e2e-spec.ts refuses.
 */
export const platformMigrations: MigrationClass[] = [...coreMigrations, ...identityMigrations, ...communityMigrations, ...discussionsMigrations, ...kennisbankMigrations, ...contentMigrations, ...notificationsMigrations];

/** The schemas of the platform's libs (core's is always added): the search_path of its connections. */
export const platformSchemas: readonly string[] = [IDENTITY_SCHEMA, COMMUNITY_SCHEMA, DISCUSSIONS_SCHEMA, KENNISBANK_SCHEMA, CONTENT_SCHEMA, NOTIFICATIONS_SCHEMA];

/** pg's `options` that give a connection of our own (a script, a test's client) the apps' search_path. */
export const platformSearchPath = searchPathOption(platformSchemas);

import { coreMigrations, type MigrationClass } from '@kennisplein/core';
import { communityMigrations } from '@kennisplein/community';
import { discussionsMigrations } from '@kennisplein/discussions';
import { identityMigrations } from '@kennisplein/identity';
import { kennisbankMigrations } from '@kennisplein/kennisbank';

/** The schema of this host: the migrations of the libs it mounts, and no others. */
export const hostMigrations: MigrationClass[] = [
  ...coreMigrations,
  ...identityMigrations,
  ...communityMigrations,
  ...discussionsMigrations,
  ...kennisbankMigrations,
];

import type { MigrationClass } from '../database/database-setup.js';

/** Core's own tables (the activity log arrives with the notifications work). */
export const coreMigrations: MigrationClass[] = [];

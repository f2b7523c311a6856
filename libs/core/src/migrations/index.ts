import type { MigrationClass } from '../database/database-setup.js';
import { CreateActivityLog1763860000000 } from './1763860000000-create-activity-log.js';

/** Core's own tables: the activity log. */
export const coreMigrations: MigrationClass[] = [CreateActivityLog1763860000000];

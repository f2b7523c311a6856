import type { MigrationClass } from '../database/database-setup.js';
import { CreateActivityLog1763860000000 } from './1763860000000-create-activity-log.js';
import { CreateDutchSearch1763855000000 } from './1763855000000-create-dutch-search.js';

/** Core's own schema: the Dutch search configuration and the activity log. */
export const coreMigrations: MigrationClass[] = [CreateDutchSearch1763855000000, CreateActivityLog1763860000000];

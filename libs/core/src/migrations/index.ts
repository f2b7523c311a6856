import type { MigrationClass } from '../database/database-setup.js';
import { CreateActivityLog1763860000000 } from './1763860000000-create-activity-log.js';
import { CreateDutchSearch1763855000000 } from './1763855000000-create-dutch-search.js';
import { ActivityTransactionIds1765153700000 } from './1765153700000-activity-transaction-ids.js';
import { CoreSchema1765600000000 } from './1765600000000-core-schema.js';

/** Core's own schema: the Dutch search configuration and the activity log (with its writers' transaction ids). */
export const coreMigrations: MigrationClass[] = [CreateDutchSearch1763855000000, CreateActivityLog1763860000000, ActivityTransactionIds1765153700000, CoreSchema1765600000000];

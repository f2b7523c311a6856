import type { MigrationClass } from '@kennisplein/core';
import { CreateKennisbank1763870000000 } from './1763870000000-create-kennisbank.js';
import { KennisbankSchema1765600040000 } from './1765600040000-kennisbank-schema.js';
import { SearchIndexes1765700040000 } from './1765700040000-search-indexes.js';

export const kennisbankMigrations: MigrationClass[] = [CreateKennisbank1763870000000, KennisbankSchema1765600040000, SearchIndexes1765700040000];

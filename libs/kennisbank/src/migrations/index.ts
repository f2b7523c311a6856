import type { MigrationClass } from '@kennisplein/core';
import { CreateKennisbank1763870000000 } from './1763870000000-create-kennisbank.js';

export const kennisbankMigrations: MigrationClass[] = [CreateKennisbank1763870000000];

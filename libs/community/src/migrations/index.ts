import type { MigrationClass } from '@kennisplein/core';
import { CreateCommunity1763840000000 } from './1763840000000-create-community.js';

export const communityMigrations: MigrationClass[] = [CreateCommunity1763840000000];

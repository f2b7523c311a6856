import type { MigrationClass } from '@kennisplein/core';
import { CreateContent1763880000000 } from './1763880000000-create-content.js';

export const contentMigrations: MigrationClass[] = [CreateContent1763880000000];

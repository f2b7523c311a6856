import type { MigrationClass } from '@kennisplein/core';
import { CreateDiscussions1763850000000 } from './1763850000000-create-discussions.js';

export const discussionsMigrations: MigrationClass[] = [CreateDiscussions1763850000000];

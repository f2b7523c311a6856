import type { MigrationClass } from '@kennisplein/core';
import { CreateDiscussions1763850000000 } from './1763850000000-create-discussions.js';
import { ThreadsInDeelsites1763875000000 } from './1763875000000-threads-in-deelsites.js';

export const discussionsMigrations: MigrationClass[] = [CreateDiscussions1763850000000, ThreadsInDeelsites1763875000000];

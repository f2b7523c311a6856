import type { MigrationClass } from '@kennisplein/core';
import { CreateDiscussions1763850000000 } from './1763850000000-create-discussions.js';
import { ThreadsInDeelsites1763875000000 } from './1763875000000-threads-in-deelsites.js';
import { ThreadReadPositions1764700000000 } from './1764700000000-thread-read-positions.js';
import { MessageClientIds1764710000000 } from './1764710000000-message-client-ids.js';
import { RemoteImagesAsLinks1765300000000 } from './1765300000000-remote-images-as-links.js';
import { DiscussionsSchema1765600030000 } from './1765600030000-discussions-schema.js';

export const discussionsMigrations: MigrationClass[] = [
  CreateDiscussions1763850000000,
  ThreadsInDeelsites1763875000000,
  ThreadReadPositions1764700000000,
  MessageClientIds1764710000000,
  RemoteImagesAsLinks1765300000000,
  DiscussionsSchema1765600030000,
];

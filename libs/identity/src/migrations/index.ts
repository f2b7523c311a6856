import type { MigrationClass } from '@kennisplein/core';
import { CreateIdentity1763830000000 } from './1763830000000-create-identity.js';

export const identityMigrations: MigrationClass[] = [CreateIdentity1763830000000];

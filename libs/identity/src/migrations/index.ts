import type { MigrationClass } from '@kennisplein/core';
import { CreateIdentity1763830000000 } from './1763830000000-create-identity.js';
import { VerifiedAccounts1764600000000 } from './1764600000000-verified-accounts.js';
import { UserIdentities1764610000000 } from './1764610000000-user-identities.js';
import { DigestSubscription1765153720000 } from './1765153720000-digest-subscription.js';
import { IdentitySchema1765600010000 } from './1765600010000-identity-schema.js';

export const identityMigrations: MigrationClass[] = [CreateIdentity1763830000000, VerifiedAccounts1764600000000, UserIdentities1764610000000, DigestSubscription1765153720000, IdentitySchema1765600010000];

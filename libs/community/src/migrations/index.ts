import type { MigrationClass } from '@kennisplein/core';
import { CreateCommunity1763840000000 } from './1763840000000-create-community.js';
import { DeelsiteBranding1764800000000 } from './1764800000000-deelsite-branding.js';
import { DeelsiteRequests1765400000000 } from './1765400000000-deelsite-requests.js';
import { CommunitySchema1765600020000 } from './1765600020000-community-schema.js';

export const communityMigrations: MigrationClass[] = [CreateCommunity1763840000000, DeelsiteBranding1764800000000, DeelsiteRequests1765400000000, CommunitySchema1765600020000];

import type { MigrationClass } from '@kennisplein/core';
import { CreateNotifications1763890000000 } from './1763890000000-create-notifications.js';
import { CreateDigests1763891000000 } from './1763891000000-create-digests.js';
import { DigestWatermarks1765153710000 } from './1765153710000-digest-watermarks.js';
import { NotificationsSchema1765600060000 } from './1765600060000-notifications-schema.js';

export const notificationsMigrations: MigrationClass[] = [CreateNotifications1763890000000, CreateDigests1763891000000, DigestWatermarks1765153710000, NotificationsSchema1765600060000];

import type { MigrationClass } from '@kennisplein/core';
import { CreateNotifications1763890000000 } from './1763890000000-create-notifications.js';

export const notificationsMigrations: MigrationClass[] = [CreateNotifications1763890000000];

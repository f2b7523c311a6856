export * from './notifications.module.js';
export * from './notifications.config.js';
export * from './notifications.errors.js';
export * from './notifications/notifications.service.js';
export * from './mutes/mutes.service.js';
export * from './digests/digests.service.js';
export * from './digests/digest-periods.js';
export { unsubscribeToken } from './digests/unsubscribe-token.js';
export { notificationsMigrations } from './migrations/index.js';

export * from './notifications.module.js';
export * from './notifications/notifications.service.js';
export * from './mutes/mutes.service.js';
export { notificationsMigrations } from './migrations/index.js';

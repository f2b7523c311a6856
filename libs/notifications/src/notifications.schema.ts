/** The PostgreSQL schema of Notifications's tables (its migration NotificationsSchema1765600060000 made it). */
export const NOTIFICATIONS_SCHEMA = 'notifications';

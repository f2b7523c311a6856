/**
 * The socket.io namespace /notifications: the server only pushes, the client only listens.
 * Free of imports on purpose: `npm run api:types` copies this file as is into
 * apps/web/src/api/generated/. A notification's type is a parameter: the server's
 * NotificationDto, the client's schema of it.
 */

export const NOTIFICATIONS_NAMESPACE = '/notifications';

/** What the server emits to a socket. */
export const NotificationsServerEvent = {
  NotificationCreated: 'notification:created',
} as const;

export interface NotificationsServerToClientEvents<Notification> {
  [NotificationsServerEvent.NotificationCreated]: (notification: Notification) => void;
}

/** A client emits nothing on this namespace. */
export type NotificationsClientToServerEvents = Record<string, never>;

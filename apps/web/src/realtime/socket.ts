import { io, type Socket } from 'socket.io-client';
import { getAccessToken, onAccessTokenChange, refreshAccessToken } from '../api/access-token.js';
import type { Schema } from '../api/client.js';
import {
  DISCUSSIONS_NAMESPACE,
  type DiscussionsClientToServerEvents,
  type DiscussionsServerToClientEvents,
  type SocketAck,
} from '../api/generated/discussions.events.js';
import { NOTIFICATIONS_NAMESPACE, type NotificationsClientToServerEvents, type NotificationsServerToClientEvents } from '../api/generated/notifications.events.js';

export type Message = Schema<'MessageDto'>;
export type Notification = Schema<'NotificationDto'>;

/** An ack of the server: ok with a payload, or its coded error. */
export type Ack<T extends object> = SocketAck<T>;

/** The events of the /discussions and /notifications namespaces: the server's own maps (api/generated). */
export type DiscussionsServerEvents = DiscussionsServerToClientEvents<Message>;
export type DiscussionsClientEvents = DiscussionsClientToServerEvents<Message>;
export type NotificationsServerEvents = NotificationsServerToClientEvents<Notification>;
export type NotificationsClientEvents = NotificationsClientToServerEvents;

export type DiscussionsSocket = Socket<DiscussionsServerEvents, DiscussionsClientEvents>;
export type NotificationsSocket = Socket<NotificationsServerEvents, NotificationsClientEvents>;

/**
 * A socket of one namespace for the logged-in reader. `auth` is a function, so every
 * (re)connect carries the current access token; a refused handshake (expired token)
 * refreshes it through the cookie once and tries again. A socket shared by the pages of
 * one tab: `acquire` counts users, the last `release` closes it.
 */
function namespaceSocket<S extends Socket>(namespace: string) {
  let socket: S | null = null;
  let users = 0;
  let stopWatching: (() => void) | null = null;
  return {
    acquire(): S {
      users += 1;
      if (!socket) {
        const created = io(namespace, {
          auth: (callback) => callback({ token: getAccessToken() }),
          transports: ['websocket'],
        }) as unknown as S;
        created.on('connect_error', () => {
          // The server refused the handshake (socket.io does not retry those by itself).
          if (created.active) return;
          void refreshAccessToken().then((token) => token && created.connect());
        });
        // A new login (another account) reconnects with its token.
        stopWatching = onAccessTokenChange((token) => {
          if (token && created.disconnected) created.connect();
        });
        socket = created;
      }
      return socket;
    },
    release(): void {
      users -= 1;
      if (users === 0 && socket) {
        socket.disconnect();
        stopWatching?.();
        socket = null;
      }
    },
  };
}

export const discussionsSocket = namespaceSocket<DiscussionsSocket>(DISCUSSIONS_NAMESPACE);
export const notificationsSocket = namespaceSocket<NotificationsSocket>(NOTIFICATIONS_NAMESPACE);

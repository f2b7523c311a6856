import { io, type Socket } from 'socket.io-client';
import { getAccessToken, onAccessTokenChange, refreshAccessToken } from '../api/access-token.js';
import type { Schema } from '../api/client.js';

export type Message = Schema<'MessageDto'>;
export type Notification = Schema<'NotificationDto'>;

/** An ack of the server: ok with a payload, or its coded error. */
export type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string }; status?: number };

/** The events of the /discussions namespace (API.md). */
export interface DiscussionsServerEvents {
  'message:created': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (message: Message) => void;
  typing: (event: { threadId: string; user: { id: string; displayName: string } }) => void;
  'thread:left': (event: { threadId: string; reason: string }) => void;
}
export interface DiscussionsClientEvents {
  'thread:join': (payload: { threadId: string; lastSeq?: number }, ack: (answer: Ack<{ missed: Message[] }>) => void) => void;
  'thread:leave': (payload: { threadId: string }) => void;
  'message:send': (
    payload: { threadId: string; body: string; parentId?: string; clientId?: string },
    ack: (answer: Ack<{ message: Message }>) => void,
  ) => void;
  typing: (payload: { threadId: string }) => void;
}

/** The events of the /notifications namespace. */
export interface NotificationsServerEvents {
  'notification:created': (notification: Notification) => void;
}
export type NotificationsClientEvents = Record<string, never>;

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

export const discussionsSocket = namespaceSocket<DiscussionsSocket>('/discussions');
export const notificationsSocket = namespaceSocket<NotificationsSocket>('/notifications');

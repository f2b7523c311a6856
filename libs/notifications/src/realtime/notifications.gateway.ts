import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { accountRooms, type AuthUser, DomainEvents, endSocketsWithTheirSession, RequestAuthenticator, socketAuthentication, userRoom } from '@kennisplein/core';
import type { NotificationDto } from '../notifications/dto/notification.dto.js';
import {
  NOTIFICATIONS_NAMESPACE,
  type NotificationsClientToServerEvents,
  NotificationsServerEvent,
  type NotificationsServerToClientEvents,
} from './notifications.events.js';
import { NotificationPush } from './notification-push.js';

interface SocketState {
  user?: AuthUser;
}
type NotificationsNamespace = Namespace<NotificationsClientToServerEvents, NotificationsServerToClientEvents<NotificationDto>, Record<string, never>, SocketState>;
type NotificationSocket = Socket<NotificationsClientToServerEvents, NotificationsServerToClientEvents<NotificationDto>, Record<string, never>, SocketState>;

/**
 * Socket.io namespace /notifications (its events: notifications.events.ts): the handshake
 * carries the access token (auth.token); each socket sits in its user's room and hears
 * `notification:created`. It ends with its login or account.
 */
@WebSocketGateway({ namespace: NOTIFICATIONS_NAMESPACE })
export class NotificationsGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() private readonly server!: NotificationsNamespace;

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly push: NotificationPush,
    private readonly events: DomainEvents,
  ) {}

  afterInit(namespace: NotificationsNamespace): void {
    namespace.use(
      socketAuthentication(this.authenticator, (socket, user) => {
        (socket.data as SocketState).user = user;
      }),
    );
    endSocketsWithTheirSession(namespace, this.events);
    // Every instance hears every push and delivers to its own sockets only.
    this.push.onPush((event) => {
      for (const { userId, notification } of event.notifications) {
        this.server.local.to(userRoom(userId)).emit(NotificationsServerEvent.NotificationCreated, notification);
      }
    });
  }

  async handleConnection(socket: NotificationSocket): Promise<void> {
    const user = socket.data.user;
    if (user) await socket.join(accountRooms(user));
  }
}

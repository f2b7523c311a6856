import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { accountRooms, type AuthUser, DomainEvents, endSocketsWithTheirSession, RequestAuthenticator, socketAuthentication, userRoom } from '@kennisplein/core';
import { NotificationPush } from './notification-push.js';

/**
 * Socket.io namespace /notifications: the handshake carries the access token (auth.token);
 * each socket sits in its user's room and hears `notification:created`. It ends with its
 * login or account.
 */
@WebSocketGateway({ namespace: '/notifications' })
export class NotificationsGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer() private readonly server!: Namespace;

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly push: NotificationPush,
    private readonly events: DomainEvents,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(
      socketAuthentication(this.authenticator, (socket, user) => {
        (socket.data as { user?: AuthUser }).user = user;
      }),
    );
    endSocketsWithTheirSession(namespace, this.events);
    // Every instance hears every push and delivers to its own sockets only.
    this.push.onPush((event) => {
      for (const { userId, notification } of event.notifications) {
        this.server.local.to(userRoom(userId)).emit('notification:created', notification);
      }
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = (socket.data as { user?: AuthUser }).user;
    if (user) await socket.join(accountRooms(user));
  }
}

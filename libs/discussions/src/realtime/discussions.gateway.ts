import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { DomainEvents, endSocketsWithTheirSession } from '@kennisplein/core';
import type { MessageDto } from '../messages/dto/message.dto.js';
import { MessagesService } from '../messages/messages.service.js';
import { type Ack, ackOf, DiscussionConnections, type DiscussionSocket, type DiscussionsNamespace, noAck, payloadOf } from './discussion-connections.js';
import { DiscussionsClientEvent, DISCUSSIONS_NAMESPACE } from './discussions.events.js';
import { parsePayload, SendMessagePayload } from './socket-payloads.js';
import { ThreadDelivery } from './thread-delivery.js';
import { ThreadMembership } from './thread-membership.js';

/**
 * socket.io namespace /discussions (its events: discussions.events.ts). Messages are
 * stored first and announced after the commit (MessageBus); ThreadDelivery hands them
 * to this instance's sockets in seq order, ThreadMembership keeps who is in which
 * thread, DiscussionConnections the handshake, rate limit and error acks. Rooms, typing
 * and the removal of sockets span instances through the Redis adapter.
 */
@WebSocketGateway({ namespace: DISCUSSIONS_NAMESPACE })
export class DiscussionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly connections: DiscussionConnections,
    private readonly membership: ThreadMembership,
    private readonly delivery: ThreadDelivery,
    private readonly messages: MessagesService,
    private readonly events: DomainEvents,
  ) {}

  afterInit(namespace: DiscussionsNamespace): void {
    this.connections.authenticate(namespace);
    this.delivery.start(namespace);
    this.membership.start(namespace);
    endSocketsWithTheirSession(namespace, this.events);
  }

  /**
   * The client events, bound with plain socket.on: Nest's @SubscribeMessage would build an
   * rxjs pipeline per event per socket, which at 10,000 sockets is most of their memory.
   */
  async handleConnection(socket: DiscussionSocket): Promise<void> {
    socket.on(DiscussionsClientEvent.JoinThread, (...args: unknown[]) => void this.membership.join(socket, payloadOf(args), ackOf(args) ?? noAck));
    socket.on(DiscussionsClientEvent.LeaveThread, (...args: unknown[]) => void this.membership.leave(socket, payloadOf(args), ackOf(args)));
    socket.on(DiscussionsClientEvent.SendMessage, (...args: unknown[]) => void this.send(socket, payloadOf(args), ackOf(args) ?? noAck));
    socket.on(DiscussionsClientEvent.Typing, (...args: unknown[]) => this.typing(socket, payloadOf(args)));
    await this.connections.connected(socket);
  }

  handleDisconnect(socket: DiscussionSocket): void {
    this.membership.disconnected(socket);
  }

  /**
   * message:send {threadId, body, parentId?, clientId?} → ack {ok: true, message}: the rules
   * of POST /threads/:id/messages; a clientId sent again acks the original message.
   */
  async send(socket: DiscussionSocket, payload: unknown, ack: Ack<{ message: MessageDto }>): Promise<void> {
    try {
      this.connections.consumeRate(socket);
      const input = parsePayload(SendMessagePayload, payload);
      const { user, displayName } = socket.data;
      const author = { id: user.id, displayName, affiliation: null, deleted: false };
      const place = await this.membership.postingPlace(socket, input.threadId);
      const { message } = await this.messages.post(user, input.threadId, { body: input.body, parentId: input.parentId, clientId: input.clientId }, author, place);
      ack({ ok: true, message });
    } catch (error) {
      ack(this.connections.failure(error, socket));
    }
  }

  /** typing {threadId}: to the others in a thread the socket is in. Over the rate limit: dropped. */
  typing(socket: DiscussionSocket, payload: unknown): void {
    const threadId = (payload as { threadId?: unknown } | null)?.threadId;
    if (typeof threadId !== 'string' || !this.membership.isIn(socket, threadId) || !this.connections.withinRate(socket)) return;
    this.delivery.typing(socket, threadId);
  }
}

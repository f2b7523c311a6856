import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig, type AuthUser, DomainError, DomainEvents, HTTP_STATUS_OF, RequestAuthenticator } from '@kennisplein/core';
import { AccessPolicy, GroupAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import type { MessageDto } from '../messages/dto/message.dto.js';
import { MessagesService } from '../messages/messages.service.js';
import { ThreadsService } from '../threads/threads.service.js';
import { MessageBus, type MessageEvent } from './message-bus.js';
import { JoinThreadPayload, parsePayload, SendMessagePayload, ThreadPayload } from './socket-payloads.js';
import { ThreadSequencer } from './thread-sequencer.js';

interface SocketState {
  user: AuthUser;
  displayName: string;
  /** joined threads → their group */
  threads: Map<string, string>;
  window: { startedAt: number; count: number };
}

type Ack = (answer: object) => void;
const room = (threadId: string) => `thread:${threadId}`;
const userRoom = (userId: string) => `user:${userId}`;
const state = (socket: Socket) => socket.data as SocketState;

/**
 * socket.io namespace /discussions (API.md). Messages are stored first and announced
 * after the commit (MessageBus); each instance's sequencers deliver them to its sockets
 * in seq order. Rooms, typing and the removal of sockets span instances through the
 * Redis adapter.
 */
@WebSocketGateway({ namespace: '/discussions' })
export class DiscussionsGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger('DiscussionsGateway');
  private readonly sequencers = new Map<string, ThreadSequencer<MessageDto>>();
  @WebSocketServer() private readonly server!: Namespace;

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly bus: MessageBus,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  afterInit(namespace: Namespace): void {
    // The handshake carries the access token; without a valid one: connect_error.
    namespace.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: auth.token is missing'));
      this.authenticator
        .authenticate(token)
        .then(async (user) => {
          if (!user) return next(new Error('unauthorized: the access token is invalid or expired'));
          const names = await this.users.findPublicByIds([user.id]);
          const socketState: SocketState = {
            user,
            displayName: names.get(user.id)?.displayName ?? '',
            threads: new Map(),
            window: { startedAt: Date.now(), count: 0 },
          };
          Object.assign(socket.data as object, socketState);
          next();
        })
        .catch((error: unknown) => next(error instanceof Error ? error : new Error(String(error))));
    });
    this.bus.onEvent((event) => this.onMessageEvent(event));
    // Access changes reach every instance: each re-checks its own sockets.
    namespace.on('access-changed', (payload: { groupId: string; userId?: string }) => void this.recheckAccess(payload));
    this.events.on('group.access-changed', (payload) => {
      namespace.serverSideEmit('access-changed', payload);
      return this.recheckAccess(payload);
    });
    this.events.on('user.deleted', ({ userId }) => namespace.in(userRoom(userId)).disconnectSockets(true));
  }

  async handleConnection(socket: Socket): Promise<void> {
    await socket.join(userRoom(state(socket).user.id));
  }

  handleDisconnect(socket: Socket): void {
    for (const threadId of state(socket).threads?.keys() ?? []) this.releaseSequencer(threadId);
  }

  onModuleDestroy(): void {
    for (const sequencer of this.sequencers.values()) sequencer.dispose();
  }

  @SubscribeMessage('thread:join')
  async join(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack: Ack): Promise<void> {
    try {
      const { threadId, lastSeq } = parsePayload(JoinThreadPayload, payload);
      const { thread } = await this.threads.assertAccess(state(socket).user, threadId, GroupAction.View);
      const sequencer = this.sequencerFor(threadId, thread.last_seq);
      const highWater = sequencer.addJoiner(socket.id);
      let missed: MessageDto[] = [];
      try {
        missed = lastSeq === undefined ? [] : await this.messages.range(threadId, lastSeq, highWater);
      } catch (error) {
        sequencer.takeJoiner(socket.id);
        throw error;
      }
      // From here on, no await: nothing can be delivered between these steps, so the
      // client gets the missed messages, then what came meanwhile, then the room's.
      ack({ ok: true, missed });
      const buffered = sequencer.takeJoiner(socket.id);
      state(socket).threads.set(threadId, thread.group_id);
      void socket.join(room(threadId)); // synchronous for this instance's rooms
      for (const message of buffered) {
        if (lastSeq === undefined || message.seq > lastSeq) socket.emit('message:created', message);
      }
    } catch (error) {
      ack(this.failure(error));
    }
  }

  @SubscribeMessage('thread:leave')
  async leave(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack?: Ack): Promise<void> {
    try {
      const { threadId } = parsePayload(ThreadPayload, payload);
      await this.leaveThread(socket, threadId);
      ack?.({ ok: true });
    } catch (error) {
      ack?.(this.failure(error));
    }
  }

  @SubscribeMessage('message:send')
  async send(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown, @Ack() ack: Ack): Promise<void> {
    try {
      this.consumeRate(socket);
      const input = parsePayload(SendMessagePayload, payload);
      const { user, displayName } = state(socket);
      const author = { id: user.id, displayName, affiliation: null, deleted: false };
      const message = await this.messages.post(user, input.threadId, { body: input.body, parentId: input.parentId }, author);
      ack({ ok: true, message });
    } catch (error) {
      ack(this.failure(error));
    }
  }

  /** Relayed to the others in the thread, on every instance; never stored. */
  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): void {
    const threadId = (payload as { threadId?: unknown } | null)?.threadId;
    if (typeof threadId !== 'string' || !state(socket).threads.has(threadId)) return;
    const { user, displayName } = state(socket);
    socket.to(room(threadId)).emit('typing', { threadId, user: { id: user.id, displayName } });
  }

  private onMessageEvent(event: MessageEvent): void {
    const threadId = event.message.threadId;
    if (event.type === 'created') {
      this.sequencers.get(threadId)?.accept(event.message);
      return;
    }
    this.server.local.to(room(threadId)).emit(`message:${event.type}`, event.message);
  }

  private sequencerFor(threadId: string, lastSeq: number): ThreadSequencer<MessageDto> {
    let sequencer = this.sequencers.get(threadId);
    if (!sequencer) {
      sequencer = new ThreadSequencer<MessageDto>(lastSeq, {
        deliver: (message) => this.server.local.to(room(threadId)).emit('message:created', message),
        fetch: (afterSeq, upToSeq) => this.messages.range(threadId, afterSeq, upToSeq),
      });
      this.sequencers.set(threadId, sequencer);
    }
    return sequencer;
  }

  /** A sequencer lives while sockets of this instance are in its thread. */
  private releaseSequencer(threadId: string): void {
    const sequencer = this.sequencers.get(threadId);
    const localSockets = this.server.adapter.rooms.get(room(threadId))?.size ?? 0;
    if (sequencer && localSockets === 0 && !sequencer.hasJoiners) {
      sequencer.dispose();
      this.sequencers.delete(threadId);
    }
  }

  private async leaveThread(socket: Socket, threadId: string): Promise<void> {
    if (!state(socket).threads.delete(threadId)) return;
    await socket.leave(room(threadId));
    this.releaseSequencer(threadId);
  }

  /** Sockets of this instance in the group's threads that may no longer see them leave at once. */
  private async recheckAccess({ groupId, userId }: { groupId: string; userId?: string }): Promise<void> {
    for (const socket of this.server.sockets.values()) {
      const { user, threads } = state(socket);
      if (!threads || (userId && user.id !== userId)) continue;
      const inGroup = [...threads].filter(([, group]) => group === groupId).map(([threadId]) => threadId);
      if (inGroup.length === 0) continue;
      let allowed = true;
      try {
        await this.policy.assertGroup(user, GroupAction.View, groupId);
      } catch {
        allowed = false;
      }
      if (allowed) continue;
      for (const threadId of inGroup) {
        await this.leaveThread(socket, threadId);
        socket.emit('thread:left', { threadId, reason: 'access' });
      }
    }
  }

  /** At most SOCKET_MESSAGE_LIMIT messages per SOCKET_MESSAGE_WINDOW_SECONDS per socket. */
  private consumeRate(socket: Socket): void {
    const { window } = state(socket);
    const windowMs = this.config.SOCKET_MESSAGE_WINDOW_SECONDS * 1000;
    const now = Date.now();
    if (now - window.startedAt >= windowMs) {
      window.startedAt = now;
      window.count = 0;
    }
    window.count += 1;
    if (window.count > this.config.SOCKET_MESSAGE_LIMIT) {
      const retryAfter = Math.ceil((window.startedAt + windowMs - now) / 1000);
      throw new RateLimitError(
        `rate limit: at most ${this.config.SOCKET_MESSAGE_LIMIT} messages per ${this.config.SOCKET_MESSAGE_WINDOW_SECONDS} seconds; retry in ${retryAfter} s`,
      );
    }
  }

  private failure(error: unknown): { ok: false; error: string; status: number } {
    if (error instanceof RateLimitError) return { ok: false, error: error.message, status: 429 };
    if (error instanceof DomainError) return { ok: false, error: error.message, status: HTTP_STATUS_OF[error.code] };
    const errorId = crypto.randomUUID();
    this.logger.error(`error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { ok: false, error: `Something went wrong on our side (error id ${errorId})`, status: 500 };
  }
}

class RateLimitError extends Error {}

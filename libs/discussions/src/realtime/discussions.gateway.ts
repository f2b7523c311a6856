import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  accountRooms,
  type AuthUser,
  DomainEvents,
  endSocketsWithTheirSession,
  pickLocale,
  socketFailure,
  type SocketFailure,
  RequestAuthenticator,
  socketAuthentication,
} from '@kennisplein/core';
import { AccessPolicy, GroupAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { DiscussionErrors, ThreadErrors } from '../discussions.errors.js';
import type { MessageDto } from '../messages/dto/message.dto.js';
import { MessagesService } from '../messages/messages.service.js';
import { ThreadsService } from '../threads/threads.service.js';
import { MessageBus } from './message-bus.js';
import { JoinThreadPayload, parsePayload, SendMessagePayload, ThreadPayload } from './socket-payloads.js';
import { ThreadSequencer } from './thread-sequencer.js';
import { DiscussionsConfig } from '../discussions.config.js';

interface SocketState {
  user: AuthUser;
  displayName: string;
  /** joined threads → their group */
  threads: Map<string, string>;
  window: { startedAt: number; count: number };
}

type Ack = (answer: object) => void;
const noAck: Ack = () => undefined;
type AccessChange = { groupId: string; userId?: string; revoked?: boolean };
const RECONCILE_EVERY_MS = 2_000;
const CATCH_UP_WAIT_MS = 2_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const room = (threadId: string) => `thread:${threadId}`;
/**
 * socket.io hands a handler what the client emitted, then the ack if it asked for one: the
 * ack is the last argument when it is a function, wherever that falls (no payload, or more
 * than one), and the payload the first argument that is not the ack.
 */
const ackOf = (args: unknown[]): Ack | undefined => {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as Ack) : undefined;
};
const payloadOf = (args: unknown[]): unknown => (typeof args[0] === 'function' && args.length === 1 ? undefined : args[0]);
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
  private reconcileTimer?: NodeJS.Timeout;
  @WebSocketServer() private readonly server!: Namespace;

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly bus: MessageBus,
    private readonly events: DomainEvents,
    private readonly config: DiscussionsConfig,
  ) {}

  afterInit(namespace: Namespace): void {
    // The handshake carries the access token; without a valid one: connect_error.
    namespace.use(
      socketAuthentication(this.authenticator, async (socket, user) => {
        const names = await this.users.findPublicByIds([user.id]);
        const socketState: SocketState = {
          user,
          displayName: names.get(user.id)?.displayName ?? '',
          threads: new Map(),
          window: { startedAt: Date.now(), count: 0 },
        };
        Object.assign(socket.data as object, socketState);
      }),
    );
    this.bus.onEvent((event) => this.sequencers.get(event.message.threadId)?.accept(event));
    // Access changes reach every instance (the adapter); each acts on its own sockets.
    namespace.on('access-changed', (payload: AccessChange) => this.onAccessChanged(payload));
    this.events.on('group.access-changed', (payload) => {
      namespace.serverSideEmit('access-changed', payload);
      return this.onAccessChanged(payload);
    });
    endSocketsWithTheirSession(namespace, this.events);
    // A last announcement that was lost is found here: the sequencers compare with the database.
    this.reconcileTimer = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
  }

  /**
   * The events of API.md, bound with plain socket.on: Nest's @SubscribeMessage would build
   * an rxjs pipeline per event per socket, which at 10,000 sockets is most of their memory.
   */
  async handleConnection(socket: Socket): Promise<void> {
    socket.on('thread:join', (...args: unknown[]) => void this.join(socket, payloadOf(args), ackOf(args) ?? noAck));
    socket.on('thread:leave', (...args: unknown[]) => void this.leave(socket, payloadOf(args), ackOf(args)));
    socket.on('message:send', (...args: unknown[]) => void this.send(socket, payloadOf(args), ackOf(args) ?? noAck));
    socket.on('typing', (...args: unknown[]) => this.typing(socket, payloadOf(args)));
    await socket.join(accountRooms(state(socket).user));
  }

  handleDisconnect(socket: Socket): void {
    for (const threadId of state(socket).threads?.keys() ?? []) this.releaseSequencer(threadId);
  }

  onModuleDestroy(): void {
    clearInterval(this.reconcileTimer);
    for (const sequencer of this.sequencers.values()) sequencer.dispose();
  }

  /** thread:join {threadId, lastSeq?} → ack {ok: true, missed} or {ok: false, error, status} */
  async join(socket: Socket, payload: unknown, ack: Ack): Promise<void> {
    let joining: { threadId: string; sequencer: ThreadSequencer<MessageDto> } | undefined;
    try {
      this.consumeRate(socket);
      const { threadId, lastSeq } = parsePayload(JoinThreadPayload, payload);
      const socketState = state(socket);
      // A second join starts afresh: out of the room first, so nothing arrives twice.
      if (socketState.threads.has(threadId)) await this.leaveThread(socket, threadId);
      const { group } = await this.threads.assertAccess(socketState.user, threadId, GroupAction.View);

      const sequencer = this.sequencerFor(threadId);
      sequencer.addJoiner(socket.id);
      joining = { threadId, sequencer };
      // Recorded before the awaits: a revocation meanwhile removes it, and the join ends below.
      socketState.threads.set(threadId, group.id);
      await sequencer.started;
      const from = sequencer.joinerFrom(socket.id);
      let missed: MessageDto[] = [];
      if (lastSeq !== undefined) {
        missed = await this.messages.range(threadId, lastSeq, from);
        // A client ahead of this instance (it came from another) waits until this one caught up.
        if (lastSeq > from) await Promise.race([sequencer.reached(lastSeq), delay(CATCH_UP_WAIT_MS)]);
      }
      if (!socket.connected || socketState.threads.get(threadId) !== group.id) {
        throw ThreadErrors.not_found();
      }
      // From here on, no await: nothing can be delivered between these steps, so the
      // client gets the missed messages, then what came meanwhile, then the room's.
      ack({ ok: true, missed });
      const buffered = sequencer.takeJoiner(socket.id);
      joining = undefined;
      // Synchronous for the classic Redis adapter, which keeps rooms in memory (not the sharded one).
      void socket.join(room(threadId));
      for (const event of buffered) {
        if (event.type !== 'created' || lastSeq === undefined || event.message.seq > lastSeq) {
          socket.emit(`message:${event.type}`, event.message);
        }
      }
    } catch (error) {
      if (joining) {
        joining.sequencer.takeJoiner(socket.id);
        state(socket).threads?.delete(joining.threadId);
        this.releaseSequencer(joining.threadId);
      }
      ack(this.failure(error, socket));
    }
  }

  /** thread:leave {threadId} */
  async leave(socket: Socket, payload: unknown, ack?: Ack): Promise<void> {
    try {
      const { threadId } = parsePayload(ThreadPayload, payload);
      await this.leaveThread(socket, threadId);
      ack?.({ ok: true });
    } catch (error) {
      ack?.(this.failure(error, socket));
    }
  }

  /**
   * message:send {threadId, body, parentId?, clientId?} → ack {ok: true, message}: the rules
   * of POST /threads/:id/messages; a clientId sent again acks the original message.
   */
  async send(socket: Socket, payload: unknown, ack: Ack): Promise<void> {
    try {
      this.consumeRate(socket);
      const input = parsePayload(SendMessagePayload, payload);
      const { user, displayName } = state(socket);
      const author = { id: user.id, displayName, affiliation: null, deleted: false };
      const { message } = await this.messages.post(user, input.threadId, { body: input.body, parentId: input.parentId, clientId: input.clientId }, author);
      ack({ ok: true, message });
    } catch (error) {
      ack(this.failure(error, socket));
    }
  }

  /** typing {threadId}: relayed to the others in the thread, on every instance; never stored. Over the rate limit: dropped. */
  typing(socket: Socket, payload: unknown): void {
    const threadId = (payload as { threadId?: unknown } | null)?.threadId;
    if (typeof threadId !== 'string' || !state(socket).threads.has(threadId) || !this.withinRate(socket)) return;
    const { user, displayName } = state(socket);
    socket.to(room(threadId)).emit('typing', { threadId, user: { id: user.id, displayName } });
  }

  /** The sequencer of a thread; a new one starts from the thread's last seq, read after it began listening. */
  private sequencerFor(threadId: string): ThreadSequencer<MessageDto> {
    let sequencer = this.sequencers.get(threadId);
    if (!sequencer) {
      const created = new ThreadSequencer<MessageDto>({
        deliver: (event) => this.server.local.to(room(threadId)).emit(`message:${event.type}`, event.message),
        fetch: (afterSeq, upToSeq) => this.messages.range(threadId, afterSeq, upToSeq),
      });
      this.sequencers.set(threadId, created);
      // On failure the reconcile loop starts it.
      this.threads.lastSeqOf(threadId).then((lastSeq) => created.start(lastSeq), () => undefined);
      sequencer = created;
    }
    return sequencer;
  }

  /** A sequencer lives while sockets of this instance are in its thread or joining it. */
  private releaseSequencer(threadId: string): void {
    const sequencer = this.sequencers.get(threadId);
    const localSockets = this.server.adapter.rooms.get(room(threadId))?.size ?? 0;
    if (sequencer && localSockets === 0 && !sequencer.hasJoiners) {
      sequencer.dispose();
      this.sequencers.delete(threadId);
    }
  }

  private async reconcile(): Promise<void> {
    if (this.sequencers.size === 0) return;
    try {
      for (const { id, last_seq } of await this.threads.lastSeqsOf([...this.sequencers.keys()])) {
        const sequencer = this.sequencers.get(id);
        if (!sequencer) continue;
        if (sequencer.isStarted) sequencer.reconcile(last_seq);
        else sequencer.start(last_seq);
      }
    } catch (error) {
      this.logger.warn(`reconcile failed: ${String(error)}`);
    }
  }

  private async leaveThread(socket: Socket, threadId: string): Promise<void> {
    if (!state(socket).threads.delete(threadId)) return;
    await socket.leave(room(threadId));
    this.releaseSequencer(threadId);
  }

  /**
   * A user who lost access (community says so) leaves the group's threads at once, with no
   * await in between; a group whose visibility changed is re-checked socket by socket.
   */
  private async onAccessChanged({ groupId, userId, revoked }: AccessChange): Promise<void> {
    if (userId) {
      if (!revoked) return;
      for (const socket of this.server.sockets.values()) {
        if (state(socket).user?.id === userId) this.evict(socket, groupId);
      }
      return;
    }
    for (const socket of this.server.sockets.values()) {
      const { user, threads } = state(socket);
      if (!threads || ![...threads.values()].includes(groupId)) continue;
      try {
        await this.policy.assertGroup(user, GroupAction.View, groupId);
      } catch {
        this.evict(socket, groupId);
      }
    }
  }

  private evict(socket: Socket, groupId: string): void {
    for (const [threadId, group] of state(socket).threads ?? []) {
      if (group !== groupId) continue;
      state(socket).threads.delete(threadId);
      void socket.leave(room(threadId));
      this.releaseSequencer(threadId);
      socket.emit('thread:left', { threadId, reason: 'access' });
    }
  }

  /** At most SOCKET_MESSAGE_LIMIT messages (and joins) per SOCKET_MESSAGE_WINDOW_SECONDS per socket. */
  private consumeRate(socket: Socket): void {
    if (this.withinRate(socket)) return;
    const { window } = state(socket);
    const retryAfter = Math.ceil((window.startedAt + this.config.SOCKET_MESSAGE_WINDOW_SECONDS * 1000 - Date.now()) / 1000);
    throw DiscussionErrors.rate_limited(
      { limit: this.config.SOCKET_MESSAGE_LIMIT, seconds: this.config.SOCKET_MESSAGE_WINDOW_SECONDS, retryAfter },
      { retryAfterSeconds: retryAfter },
    );
  }

  private withinRate(socket: Socket): boolean {
    const { window } = state(socket);
    const windowMs = this.config.SOCKET_MESSAGE_WINDOW_SECONDS * 1000;
    const now = Date.now();
    if (now - window.startedAt >= windowMs) {
      window.startedAt = now;
      window.count = 0;
    }
    window.count += 1;
    return window.count <= this.config.SOCKET_MESSAGE_LIMIT;
  }

  private failure(error: unknown, socket: Socket): SocketFailure {
    const locale = pickLocale(socket.handshake.headers['accept-language'], state(socket).user?.locale);
    return socketFailure(error, locale, (line) => this.logger.error(line));
  }
}

import { Injectable } from '@nestjs/common';
import { DomainEvents } from '@kennisplein/core';
import { AccessPolicy, GroupAction, type GroupContext } from '@kennisplein/community';
import { ThreadErrors } from '../discussions.errors.js';
import type { MessageDto } from '../messages/dto/message.dto.js';
import { MessagesService } from '../messages/messages.service.js';
import { ThreadsService } from '../threads/threads.service.js';
import { type Ack, DiscussionConnections, type DiscussionSocket, type DiscussionsNamespace, threadRoom } from './discussion-connections.js';
import {
  type AccessChangedEvent,
  DiscussionsInterServerEvent,
  DiscussionsServerEvent,
  MESSAGE_EVENT_OF,
  type SiteAccessChangedEvent,
} from './discussions.events.js';
import { JoinThreadPayload, parsePayload, ThreadPayload } from './socket-payloads.js';
import type { ThreadSequencer } from './thread-sequencer.js';
import { ThreadDelivery } from './thread-delivery.js';

const CATCH_UP_WAIT_MS = 2_000;
/**
 * How long a user's right to post in a group is trusted without asking PostgreSQL again.
 * Every change that can take it away drops it at once, on every instance: a group's
 * (group.access-changed), a site role's (site.access-changed); a deleted account's sockets
 * are disconnected. The bound is only a safety net, for a change a later edit forgets to announce.
 */
const POSTING_ACCESS_TTL_MS = 5_000;
const POSTING_ACCESS_MAX = 50_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Which threads a socket is in: joining (the access policy asks, the gap is replayed from
 * the database), leaving, and being taken out when its user loses access to the group.
 */
@Injectable()
export class ThreadMembership {
  private namespace!: DiscussionsNamespace;
  /** `${userId} ${isAdmin} ${groupId}` → the group as the access policy last allowed posting in it */
  private readonly posting = new Map<string, { place: GroupContext; until: number }>();
  /** Counts access changes: a decision read before one is not kept. */
  private accessChanges = 0;

  constructor(
    private readonly connections: DiscussionConnections,
    private readonly delivery: ThreadDelivery,
    private readonly policy: AccessPolicy,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly events: DomainEvents,
  ) {}

  start(namespace: DiscussionsNamespace): void {
    this.namespace = namespace;
    // Access changes reach every instance (the adapter); each acts on its own sockets.
    namespace.on(DiscussionsInterServerEvent.AccessChanged, (payload) => this.onAccessChanged(payload));
    this.events.on('group.access-changed', (payload) => {
      namespace.serverSideEmit(DiscussionsInterServerEvent.AccessChanged, payload);
      return this.onAccessChanged(payload);
    });
    namespace.on(DiscussionsInterServerEvent.SiteAccessChanged, (payload) => this.onSiteAccessChanged(payload));
    this.events.on('site.access-changed', (payload) => {
      namespace.serverSideEmit(DiscussionsInterServerEvent.SiteAccessChanged, payload);
      return this.onSiteAccessChanged(payload);
    });
  }

  /** thread:join {threadId, lastSeq?} → ack {ok: true, missed} or {ok: false, error, status} */
  async join(socket: DiscussionSocket, payload: unknown, ack: Ack<{ missed: MessageDto[] }>): Promise<void> {
    let joining: { threadId: string; sequencer: ThreadSequencer<MessageDto> } | undefined;
    try {
      this.connections.consumeRate(socket);
      const { threadId, lastSeq } = parsePayload(JoinThreadPayload, payload);
      const socketState = socket.data;
      // A second join starts afresh: out of the room first, so nothing arrives twice.
      if (socketState.threads.has(threadId)) await this.leaveThread(socket, threadId);
      const { group } = await this.threads.assertAccess(socketState.user, threadId, GroupAction.View);

      const sequencer = this.delivery.sequencerFor(threadId);
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
      void socket.join(threadRoom(threadId));
      for (const event of buffered) {
        if (event.type !== 'created' || lastSeq === undefined || event.message.seq > lastSeq) {
          socket.emit(MESSAGE_EVENT_OF[event.type], event.message);
        }
      }
    } catch (error) {
      if (joining) {
        joining.sequencer.takeJoiner(socket.id);
        socket.data.threads?.delete(joining.threadId);
        this.delivery.release(joining.threadId);
      }
      ack(this.connections.failure(error, socket));
    }
  }

  /** thread:leave {threadId} */
  async leave(socket: DiscussionSocket, payload: unknown, ack?: Ack): Promise<void> {
    try {
      const { threadId } = parsePayload(ThreadPayload, payload);
      await this.leaveThread(socket, threadId);
      ack?.({ ok: true });
    } catch (error) {
      ack?.(this.connections.failure(error, socket));
    }
  }

  /**
   * The thread's group, if the socket's user may post in it (the access policy's 403/404
   * otherwise). The hot path of a socket: for a joined thread of a group the answer is kept
   * per user and group until an access change of that group, at most POSTING_ACCESS_TTL_MS.
   */
  async postingPlace(socket: DiscussionSocket, threadId: string): Promise<GroupContext> {
    const { user, threads } = socket.data;
    const groupId = threads.get(threadId);
    const key = groupId === undefined ? undefined : `${user.id} ${user.isAdmin} ${groupId}`;
    const kept = key === undefined ? undefined : this.posting.get(key);
    if (kept && kept.until > Date.now()) return kept.place;
    const changes = this.accessChanges;
    const place = await this.threads.assertAccessFast(user, threadId, GroupAction.Participate);
    if (key !== undefined && place.scope !== 'site' && place.id === groupId && changes === this.accessChanges) {
      if (this.posting.size >= POSTING_ACCESS_MAX) this.posting.clear();
      this.posting.set(key, { place, until: Date.now() + POSTING_ACCESS_TTL_MS });
    }
    return place;
  }

  /** Whether the socket is in the thread (joined, and not taken out since). */
  isIn(socket: DiscussionSocket, threadId: string): boolean {
    return socket.data.threads.has(threadId);
  }

  /** A socket that went away lets go of its threads' sequencers. */
  disconnected(socket: DiscussionSocket): void {
    for (const threadId of socket.data.threads?.keys() ?? []) this.delivery.release(threadId);
  }

  private async leaveThread(socket: DiscussionSocket, threadId: string): Promise<void> {
    if (!socket.data.threads.delete(threadId)) return;
    await socket.leave(threadRoom(threadId));
    this.delivery.release(threadId);
  }

  /**
   * A user who lost access (community says so) leaves the group's threads at once, with no
   * await in between; a group whose visibility changed is re-checked socket by socket.
   */
  private async onAccessChanged({ groupId, userId, revoked }: AccessChangedEvent): Promise<void> {
    // Whoever left a public group still reads it, but no longer posts: the kept answer goes either way.
    this.accessChanges++;
    for (const key of this.posting.keys()) {
      if (key.endsWith(` ${groupId}`) && (!userId || key.startsWith(`${userId} `))) this.posting.delete(key);
    }
    if (userId) {
      if (!revoked) return;
      for (const socket of this.namespace.sockets.values()) {
        if (socket.data.user?.id === userId) this.evict(socket, groupId);
      }
      return;
    }
    for (const socket of this.namespace.sockets.values()) {
      const { threads } = socket.data;
      if (threads && [...threads.values()].includes(groupId)) await this.recheck(socket, groupId);
    }
  }

  /**
   * A site role changed (or the site, for everyone): which of its groups is not known here,
   * so every answer kept for the user goes (all of them, when no user is named), and their
   * sockets stay only in the groups they can still see, as when a group's visibility changes.
   */
  private async onSiteAccessChanged({ userId }: SiteAccessChangedEvent): Promise<void> {
    this.accessChanges++;
    if (!userId) this.posting.clear();
    for (const key of userId ? this.posting.keys() : []) {
      if (key.startsWith(`${userId} `)) this.posting.delete(key);
    }
    for (const socket of this.namespace.sockets.values()) {
      const { user, threads } = socket.data;
      if (!threads || (userId && user?.id !== userId)) continue;
      for (const groupId of new Set(threads.values())) await this.recheck(socket, groupId);
    }
  }

  /** The socket leaves the group's threads if its user may no longer see the group. */
  private async recheck(socket: DiscussionSocket, groupId: string): Promise<void> {
    try {
      await this.policy.assertGroup(socket.data.user, GroupAction.View, groupId);
    } catch {
      this.evict(socket, groupId);
    }
  }

  private evict(socket: DiscussionSocket, groupId: string): void {
    for (const [threadId, group] of socket.data.threads ?? []) {
      if (group !== groupId) continue;
      socket.data.threads.delete(threadId);
      void socket.leave(threadRoom(threadId));
      this.delivery.release(threadId);
      socket.emit(DiscussionsServerEvent.ThreadLeft, { threadId, reason: 'access' });
    }
  }
}

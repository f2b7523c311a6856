import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { MessageDto } from '../messages/dto/message.dto.js';
import { MessagesService } from '../messages/messages.service.js';
import { ThreadsService } from '../threads/threads.service.js';
import { type DiscussionSocket, type DiscussionsNamespace, threadRoom } from './discussion-connections.js';
import { DiscussionsServerEvent, MESSAGE_EVENT_OF } from './discussions.events.js';
import { MessageBus } from './message-bus.js';
import { ThreadSequencer } from './thread-sequencer.js';

const RECONCILE_EVERY_MS = 2_000;

/**
 * What reaches the sockets of this instance in a thread: messages, announced after their
 * commit (MessageBus) and handed out in seq order by one sequencer per thread with local
 * sockets; a reconcile loop that finds a lost announcement in the database; typing.
 */
@Injectable()
export class ThreadDelivery implements OnModuleDestroy {
  private readonly logger = new Logger('ThreadDelivery');
  private readonly sequencers = new Map<string, ThreadSequencer<MessageDto>>();
  private reconcileTimer?: NodeJS.Timeout;
  private namespace!: DiscussionsNamespace;

  constructor(
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly bus: MessageBus,
  ) {}

  start(namespace: DiscussionsNamespace): void {
    this.namespace = namespace;
    this.bus.onEvent((event) => this.sequencers.get(event.message.threadId)?.accept(event));
    // A last announcement that was lost is found here: the sequencers compare with the database.
    this.reconcileTimer = setInterval(() => void this.reconcile(), RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.reconcileTimer);
    for (const sequencer of this.sequencers.values()) sequencer.dispose();
  }

  /** The sequencer of a thread; a new one starts from the thread's last seq, read after it began listening. */
  sequencerFor(threadId: string): ThreadSequencer<MessageDto> {
    let sequencer = this.sequencers.get(threadId);
    if (!sequencer) {
      const created = new ThreadSequencer<MessageDto>({
        deliver: (event) => this.namespace.local.to(threadRoom(threadId)).emit(MESSAGE_EVENT_OF[event.type], event.message),
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
  release(threadId: string): void {
    const sequencer = this.sequencers.get(threadId);
    const localSockets = this.namespace.adapter.rooms.get(threadRoom(threadId))?.size ?? 0;
    if (sequencer && localSockets === 0 && !sequencer.hasJoiners) {
      sequencer.dispose();
      this.sequencers.delete(threadId);
    }
  }

  /** Relayed to the others in the thread, on every instance; never stored. */
  typing(socket: DiscussionSocket, threadId: string): void {
    const { user, displayName } = socket.data;
    socket.to(threadRoom(threadId)).emit(DiscussionsServerEvent.Typing, { threadId, user: { id: user.id, displayName } });
  }

  private async reconcile(): Promise<void> {
    if (this.sequencers.size === 0) return;
    try {
      for (const { id, lastSeq } of await this.threads.lastSeqsOf([...this.sequencers.keys()])) {
        const sequencer = this.sequencers.get(id);
        if (!sequencer) continue;
        if (sequencer.isStarted) sequencer.reconcile(lastSeq);
        else sequencer.start(lastSeq);
      }
    } catch (error) {
      this.logger.warn(`reconcile failed: ${String(error)}`);
    }
  }
}

export interface Sequenced {
  seq: number;
}

/** What a thread's sockets receive: a new message, or a change to one (by its seq). */
export interface ThreadEvent<M extends Sequenced> {
  type: 'created' | 'updated' | 'deleted';
  message: M;
}

export interface SequencerOutput<M extends Sequenced> {
  /** Hands an event to the thread's room on this instance. */
  deliver(event: ThreadEvent<M>): void;
  /** Messages with afterSeq < seq ≤ upToSeq from the database, to fill a gap. */
  fetch(afterSeq: number, upToSeq: number): Promise<M[]>;
}

interface Joiner<M extends Sequenced> {
  /** The seq up to which the joiner reads the database; null until the sequencer starts. */
  from: number | null;
  buffer: ThreadEvent<M>[];
}

/**
 * Delivers the events of one thread to this instance's sockets exactly once and in seq
 * order. Posts commit in seq order (the thread's row lock), but their announcements can
 * reach an instance out of order: two api processes publish independently. So a message
 * waits here until the one before it was delivered; when that one does not come within
 * gapWaitMs (its announcement was late or lost), it is read from the database. Changes to
 * a message wait until the message itself was delivered.
 *
 * A sequencer starts unstarted: it buffers what is announced until start(lastSeq) gives
 * it the thread's last seq as read from the database after it began listening, so that
 * nothing committed in between is missed.
 *
 * Joiners: a socket that joins gets what it missed from the database up to its `from`,
 * and everything delivered after that from its buffer, before it enters the room: no gap,
 * no duplicate, and still in order.
 */
export class ThreadSequencer<M extends Sequenced> {
  private delivered: number | null = null;
  private readonly waiting = new Map<number, M>();
  private readonly changes: ThreadEvent<M>[] = [];
  private readonly joiners = new Map<string, Joiner<M>>();
  private readonly reachedWaiters: { seq: number; resolve: () => void }[] = [];
  private gapTimer?: NodeJS.Timeout;
  private startedResolve!: () => void;
  /** Resolves once start() was called. */
  readonly started = new Promise<void>((resolve) => (this.startedResolve = resolve));

  constructor(
    private readonly output: SequencerOutput<M>,
    private readonly gapWaitMs = 250,
  ) {}

  get isStarted(): boolean {
    return this.delivered !== null;
  }

  get lastDelivered(): number {
    return this.delivered ?? 0;
  }

  /** The thread's last seq, read from the database after this sequencer began to listen. */
  start(lastSeq: number): void {
    if (this.delivered !== null) return;
    this.delivered = lastSeq;
    for (const joiner of this.joiners.values()) joiner.from ??= lastSeq;
    this.startedResolve();
    this.drain();
  }

  accept(event: ThreadEvent<M>): void {
    if (event.type !== 'created') {
      this.changes.push(event);
      this.drain();
      return;
    }
    const { seq } = event.message;
    if ((this.delivered !== null && seq <= this.delivered) || this.waiting.has(seq)) return;
    this.waiting.set(seq, event.message);
    this.drain();
  }

  /** Lets the sequencer catch up to a last seq read from the database (a lost announcement). */
  reconcile(lastSeq: number): void {
    if (this.delivered !== null && lastSeq > this.delivered && this.waiting.size === 0) {
      this.fill(this.delivered, lastSeq);
    }
  }

  addJoiner(id: string): void {
    this.joiners.set(id, { from: this.delivered, buffer: [] });
  }

  /** The seq up to which the joiner reads the database (after `started`). */
  joinerFrom(id: string): number {
    return this.joiners.get(id)?.from ?? this.lastDelivered;
  }

  /** What was delivered since the joiner's `from`, in order; the socket then enters the room. */
  takeJoiner(id: string): ThreadEvent<M>[] {
    const buffered = this.joiners.get(id)?.buffer ?? [];
    this.joiners.delete(id);
    return buffered;
  }

  /** Resolves once every message up to seq was delivered (a client that was ahead of this instance). */
  reached(seq: number): Promise<void> {
    if (this.delivered !== null && this.delivered >= seq) return Promise.resolve();
    return new Promise((resolve) => this.reachedWaiters.push({ seq, resolve }));
  }

  get hasJoiners(): boolean {
    return this.joiners.size > 0;
  }

  dispose(): void {
    this.clearGapTimer();
    for (const waiter of this.reachedWaiters.splice(0)) waiter.resolve();
  }

  private emit(event: ThreadEvent<M>): void {
    this.output.deliver(event);
    for (const joiner of this.joiners.values()) joiner.buffer.push(event);
  }

  private drain(): void {
    if (this.delivered === null) return;
    for (let next = this.waiting.get(this.delivered + 1); next; next = this.waiting.get(this.delivered + 1)) {
      this.waiting.delete(next.seq);
      this.delivered = next.seq;
      this.emit({ type: 'created', message: next });
    }
    for (let i = 0; i < this.changes.length; ) {
      if (this.changes[i].message.seq <= this.delivered) this.emit(this.changes.splice(i, 1)[0]);
      else i++;
    }
    for (let i = 0; i < this.reachedWaiters.length; ) {
      if (this.reachedWaiters[i].seq <= this.delivered) this.reachedWaiters.splice(i, 1)[0].resolve();
      else i++;
    }
    if (this.waiting.size === 0) this.clearGapTimer();
    else this.scheduleGapFill();
  }

  private clearGapTimer(): void {
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }

  private scheduleGapFill(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.waiting.size === 0 || this.delivered === null) return;
      this.fill(this.delivered, Math.min(...this.waiting.keys()) - 1);
    }, this.gapWaitMs);
    this.gapTimer.unref();
  }

  private fill(afterSeq: number, upToSeq: number): void {
    this.output
      .fetch(afterSeq, upToSeq)
      .then((missing) => missing.forEach((message) => this.accept({ type: 'created', message })))
      .catch(() => undefined)
      .finally(() => {
        if (this.waiting.size > 0) this.scheduleGapFill();
      });
  }
}

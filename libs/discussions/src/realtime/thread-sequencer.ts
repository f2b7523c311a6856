export interface Sequenced {
  seq: number;
}

export interface SequencerOutput<M extends Sequenced> {
  /** Hands a message to the thread's room on this instance. */
  deliver(message: M): void;
  /** Messages with afterSeq < seq ≤ upToSeq from the database, to fill a gap. */
  fetch(afterSeq: number, upToSeq: number): Promise<M[]>;
}

/**
 * Delivers the messages of one thread to this instance's sockets exactly once and in seq
 * order. Posts commit in seq order (the thread's row lock), but their announcements can
 * reach an instance out of order: two api processes publish independently. So a message
 * waits here until the one before it was delivered; when that one does not come within
 * gapWaitMs (its announcement was lost), it is read from the database.
 *
 * Joiners: a socket that joins gets what it missed from the database up to the high-water
 * mark it was given, and everything delivered after that from its buffer, before it
 * enters the room: no gap, no duplicate, and still in order.
 */
export class ThreadSequencer<M extends Sequenced> {
  private readonly waiting = new Map<number, M>();
  private readonly joiners = new Map<string, M[]>();
  private gapTimer?: NodeJS.Timeout;

  constructor(
    private delivered: number,
    private readonly output: SequencerOutput<M>,
    private readonly gapWaitMs = 250,
  ) {}

  get lastDelivered(): number {
    return this.delivered;
  }

  accept(message: M): void {
    if (message.seq <= this.delivered || this.waiting.has(message.seq)) return;
    this.waiting.set(message.seq, message);
    this.drain();
  }

  /** Starts buffering for a joining socket; returns the seq up to which it reads the database. */
  addJoiner(id: string): number {
    this.joiners.set(id, []);
    return this.delivered;
  }

  /** What was delivered since addJoiner, in order; the socket then enters the room. */
  takeJoiner(id: string): M[] {
    const buffered = this.joiners.get(id) ?? [];
    this.joiners.delete(id);
    return buffered;
  }

  get hasJoiners(): boolean {
    return this.joiners.size > 0;
  }

  dispose(): void {
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }

  private drain(): void {
    for (let next = this.waiting.get(this.delivered + 1); next; next = this.waiting.get(this.delivered + 1)) {
      this.waiting.delete(next.seq);
      this.delivered = next.seq;
      this.output.deliver(next);
      for (const buffer of this.joiners.values()) buffer.push(next);
    }
    if (this.waiting.size === 0) this.dispose();
    else this.scheduleGapFill();
  }

  private scheduleGapFill(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.waiting.size === 0) return;
      const upTo = Math.min(...this.waiting.keys()) - 1;
      this.output
        .fetch(this.delivered, upTo)
        .then((missing) => missing.forEach((message) => this.accept(message)))
        .catch(() => undefined)
        .finally(() => {
          if (this.waiting.size > 0) this.scheduleGapFill();
        });
    }, this.gapWaitMs);
    this.gapTimer.unref();
  }
}

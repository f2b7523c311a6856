import { randomUUID } from 'node:crypto';
import { type AckAnswer, type Client, connected, send } from './sockets.js';

/**
 * Socket clients of the fault tests, as the web client is one: a reader follows threads
 * and, when its connection ends, connects again (to whatever instance `nextUrl` names, as a
 * load balancer would choose) and rejoins each thread with the last seq it holds; a writer
 * sends with a clientId and, when the answer is lost, sends the same clientId again.
 * Nothing is merged or de-duplicated here: what arrives is recorded as it arrives, so the
 * test sees every loss, duplicate and reordering.
 */
export interface Seen {
  id: string;
  seq: number;
}

interface Message extends Seen {
  threadId: string;
}

const JOIN_ANSWER_MS = 15_000;

/** Connects, retrying while the instance does not take connections; the deadline only ends a hung test. */
async function connectSomewhere(nextUrl: () => string, token: string, deadlineMs = 60_000): Promise<Client> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await connected(nextUrl(), token);
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export class Reader {
  /** Per thread, what arrived (the join's `missed` and message:created), in arrival order. */
  readonly received = new Map<string, Seen[]>();
  /** How often this reader connected. */
  connections = 0;
  private socket?: Client;
  private closed = false;
  /** Resolves when the current (re)connection has joined every thread. */
  private attaching: Promise<void> = Promise.resolve();
  private failure?: Error;

  constructor(
    private readonly token: string,
    /** Each thread and the seq the reader starts after. */
    private readonly threads: Map<string, number>,
    private readonly nextUrl: () => string,
  ) {
    for (const threadId of threads.keys()) this.received.set(threadId, []);
  }

  /** Connects and joins; on every disconnect it does so again. */
  start(): Promise<void> {
    this.attaching = this.attach();
    return this.attaching;
  }

  /** The seq of the last message held in the thread. */
  lastSeq(threadId: string): number {
    return this.received.get(threadId)?.at(-1)?.seq ?? this.threads.get(threadId) ?? 0;
  }

  /** Throws what went wrong while reconnecting (so a test fails with it, not with a timeout). */
  check(): void {
    if (this.failure) throw this.failure;
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private async attach(): Promise<void> {
    const socket = await connectSomewhere(this.nextUrl, this.token);
    if (this.closed) return void socket.close();
    this.socket = socket;
    this.connections++;
    socket.on('message:created', (message: Message) => this.received.get(message.threadId)?.push({ id: message.id, seq: message.seq }));
    socket.once('disconnect', () => {
      if (this.closed) return;
      this.attaching = this.attach().catch((error: Error) => void (this.failure = error));
    });
    for (const threadId of this.threads.keys()) await this.join(socket, threadId);
  }

  /**
   * thread:join with the last seq held. The ack's callback runs as its packet is read, before
   * any later packet, so `missed` is recorded ahead of what the room sends after it.
   */
  private join(socket: Client, threadId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.timeout(JOIN_ANSWER_MS).emit('thread:join', { threadId, lastSeq: this.lastSeq(threadId) }, (error: Error | null, answer: AckAnswer) => {
        if (error) return socket.connected ? reject(error) : resolve(); // the next connection joins again
        if (!answer.ok) return reject(new Error(`thread:join refused: ${JSON.stringify(answer.error)}`));
        this.received.get(threadId)?.push(...(answer.missed ?? []).map((message) => ({ id: message.id, seq: message.seq })));
        resolve();
      });
    });
  }
}

/** A writer on a socket: each message has a clientId, sent again (on the next connection) until it is acknowledged. */
export class SocketWriter {
  /** What the server acknowledged, in the order it was acknowledged. */
  readonly acknowledged: Message[] = [];
  /** Sends that got no answer (the connection ended first) and were sent again. */
  resent = 0;
  private socket?: Client;

  constructor(
    private readonly token: string,
    private readonly nextUrl: () => string,
  ) {}

  async post(threadId: string, body: string): Promise<Message> {
    const clientId = randomUUID();
    for (;;) {
      if (!this.socket?.connected) {
        this.socket?.close();
        this.socket = await connectSomewhere(this.nextUrl, this.token);
      }
      let answer: AckAnswer;
      try {
        answer = await send(this.socket, 'message:send', { threadId, body, clientId });
      } catch {
        this.resent++;
        continue;
      }
      if (!answer.ok || !answer.message) throw new Error(`message:send refused: ${JSON.stringify(answer.error)}`);
      const message = { id: answer.message.id, seq: answer.message.seq, threadId };
      this.acknowledged.push(message);
      return message;
    }
  }

  close(): void {
    this.socket?.close();
  }
}

/** The seqs of a list, and whether any id came twice: for the assertions "in order, once each". */
export function duplicatesOf(seen: Seen[]): string[] {
  const ids = seen.map((message) => message.id);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

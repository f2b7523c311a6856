import type { ApiError } from '../../api/errors.js';
import type { Message } from '../../realtime/socket.js';

/**
 * Where a message written here is on its way to the server:
 * - queued: not sent yet (no connection); goes out when the connection is back;
 * - sending: sent, no answer yet;
 * - unknown: no answer came (a timeout, a dropped connection): it may have arrived. Its
 *   clientId settles it: the join's missed messages or a re-send answer the original;
 * - failed: the server refused it (its error is shown, with "Opnieuw").
 */
export type Delivery = 'queued' | 'sending' | 'unknown' | 'failed';

/** A message written here that the server has not confirmed yet (shown as pending). */
export interface Outgoing {
  clientId: string;
  body: string;
  parentId: string | null;
  delivery: Delivery;
  error?: ApiError;
  /** When it was written (ISO), for its time stamp while pending. */
  writtenAt: string;
}

export interface ThreadState {
  /** The thread's messages held here, ordered by seq, each once. */
  messages: Message[];
  /** Messages written here, in the order they were written, until the server confirms them. */
  outgoing: Outgoing[];
}

export const emptyThread: ThreadState = { messages: [], outgoing: [] };

/** How fresh a copy of a message is: a deleted one beats an edited one beats the original. */
function freshness(message: Message): number {
  if (message.deletedAt) return Number.MAX_SAFE_INTEGER;
  return message.editedAt ? Date.parse(message.editedAt) : 0;
}

/**
 * Merges messages from any source (the first page, a join's missed messages, a live event,
 * an ack) by seq, each once by id: a copy of a message already held replaces it unless it
 * is older (an edit or a deletion is never undone by a late original). A message that
 * answers one of this reader's outgoing ones (same author and clientId) confirms it.
 */
export function mergeMessages(state: ThreadState, incoming: Message[], me: string | null): ThreadState {
  if (incoming.length === 0) return state;
  const byId = new Map(state.messages.map((message) => [message.id, message]));
  for (const message of incoming) {
    const held = byId.get(message.id);
    if (!held || freshness(message) >= freshness(held)) byId.set(message.id, message);
  }
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq);
  const confirmed = new Set(incoming.filter((message) => me && message.author.id === me && message.clientId).map((message) => message.clientId));
  const outgoing = confirmed.size > 0 ? state.outgoing.filter((item) => !confirmed.has(item.clientId)) : state.outgoing;
  return { messages, outgoing };
}

export function addOutgoing(state: ThreadState, item: Outgoing): ThreadState {
  return { ...state, outgoing: [...state.outgoing, item] };
}

export function updateOutgoing(state: ThreadState, clientId: string, change: Partial<Outgoing>): ThreadState {
  // A message the server confirmed meanwhile stays confirmed: a late failure changes nothing.
  if (!state.outgoing.some((item) => item.clientId === clientId)) return state;
  return { ...state, outgoing: state.outgoing.map((item) => (item.clientId === clientId ? { ...item, ...change } : item)) };
}

export function removeOutgoing(state: ThreadState, clientId: string): ThreadState {
  return { ...state, outgoing: state.outgoing.filter((item) => item.clientId !== clientId) };
}

/** The highest seq held: what a (re)join asks everything after. */
export function lastSeqOf(state: ThreadState): number {
  return state.messages.at(-1)?.seq ?? 0;
}

import { api, ApiError, type Schema, unwrap } from '../../api/client.js';
import type { Ack, Message } from '../../realtime/socket.js';

export type Thread = Schema<'ThreadDto'>;

/** A thread as its reader sees it (read position and unread count are the reader's own). */
export function threadQuery(threadId: string, readerId: string | null) {
  return {
    queryKey: ['thread', threadId, readerId ?? 'anonymous'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/threads/{id}', { params: { path: { id: threadId } } })),
  };
}

/** A group as the reader sees it: their role in it, a request of theirs waiting. */
export function groupQuery(groupId: string, readerId: string | null) {
  return {
    queryKey: ['group', groupId, readerId ?? 'anonymous'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/groups/{id}', { params: { path: { id: groupId } } })),
  };
}

/** The messages with afterSeq < seq ≤ upToSeq (all after afterSeq without upToSeq), page by page, in seq order. */
export async function fetchMessages(threadId: string, afterSeq: number, upToSeq?: number): Promise<Message[]> {
  const messages: Message[] = [];
  let after = afterSeq;
  for (;;) {
    const limit = upToSeq === undefined ? 100 : Math.min(100, Math.max(1, upToSeq - after));
    const page = await unwrap(api.GET('/api/v1/threads/{id}/messages', { params: { path: { id: threadId }, query: { afterSeq: after, limit } } }));
    const items = upToSeq === undefined ? page.items : page.items.filter((message) => message.seq <= upToSeq);
    messages.push(...items);
    const last = page.items.at(-1);
    if (!page.nextCursor || !last || (upToSeq !== undefined && last.seq >= upToSeq)) return messages;
    after = last.seq;
  }
}

/** A refusal in a socket ack, as the ApiError an HTTP answer would have given. */
export function ackError(ack: Extract<Ack<object>, { ok: false }>): ApiError {
  return new ApiError(ack.status ?? 400, ack.error.code, [ack.error.message].flat());
}

import type { Outgoing } from './thread-state.js';

/**
 * What a writer has not sent yet survives leaving the page and a reload, per writer and
 * thread and in this browser only: the draft in the composer, and the messages on their
 * way (their clientId makes a re-send after a reload harmless). The key is the writer's
 * id and the thread's (storageKey), so another account in the same browser never sees
 * or sends them.
 */
export const storageKey = (userId: string, threadId: string) => `${userId}.${threadId}`;

export interface Draft {
  body: string;
  parentId: string | null;
}

const draftKey = (key: string) => `kennisplein.draft.${key}`;
const outboxKey = (key: string) => `kennisplein.outbox.${key}`;

function read<T>(key: string): T | null {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or refused (private mode): the draft then lives as long as the page.
  }
}

export function loadDraft(key: string): Draft | null {
  const draft = read<Draft>(draftKey(key));
  return draft && typeof draft.body === 'string' ? { body: draft.body, parentId: draft.parentId ?? null } : null;
}

export function saveDraft(key: string, draft: Draft): void {
  write(draftKey(key), draft.body.trim() === '' && !draft.parentId ? null : draft);
}

export function clearDraft(key: string): void {
  write(draftKey(key), null);
}

/** Messages that were on their way when the page closed: after a reload their delivery is unknown until the join settles it. */
export function loadOutbox(key: string): Outgoing[] {
  const items = read<Outgoing[]>(outboxKey(key));
  if (!Array.isArray(items)) return [];
  return items
    .filter((item) => typeof item?.clientId === 'string' && typeof item.body === 'string')
    .map((item) => ({ ...item, error: undefined, delivery: item.delivery === 'failed' ? 'failed' : 'unknown' }));
}

export function saveOutbox(key: string, items: Outgoing[]): void {
  write(
    outboxKey(key),
    items.length === 0 ? null : items.map(({ clientId, body, parentId, delivery, writtenAt }) => ({ clientId, body, parentId, delivery, writtenAt })),
  );
}

import { expect } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import type { TestUser } from './factories.js';
import { type TestApp, V1 } from './test-app.js';

export interface StoredMessage {
  id: string;
  seq: number;
  body: string;
  clientId: string | null;
  parentId: string | null;
  deletedAt: string | null;
}

/** Every message of a thread as the server holds it, in seq order. */
export async function messagesIn(t: TestApp, reader: TestUser, threadId: string): Promise<StoredMessage[]> {
  const messages: StoredMessage[] = [];
  let after = 0;
  for (;;) {
    const page = await t.http().get(`${V1}/threads/${threadId}/messages?afterSeq=${after}&limit=100`).set(reader.auth);
    expect(page.status).toBe(200);
    messages.push(...(page.body.items as StoredMessage[]));
    if (!page.body.nextCursor) return messages;
    after = messages.at(-1)!.seq;
  }
}

/** Posts messages one after the other over HTTP, as another client would. */
export async function postMessages(t: TestApp, author: TestUser, threadId: string, bodies: string[]): Promise<StoredMessage[]> {
  const posted: StoredMessage[] = [];
  for (const body of bodies) {
    const response = await t.http().post(`${V1}/threads/${threadId}/messages`).set(author.auth).send({ body });
    expect(response.status).toBe(201);
    posted.push(response.body as StoredMessage);
  }
  return posted;
}

/** A thread of a group with its first message. */
export async function startThread(t: TestApp, author: TestUser, groupId: string, title: string, body: string): Promise<{ id: string }> {
  const response = await t.http().post(`${V1}/groups/${groupId}/threads`).set(author.auth).send({ title, body });
  expect(response.status).toBe(201);
  return response.body;
}

/** The discussion's message log of a page, and the messages in it (each an <article> named by its author and time). */
export function messageLog(page: Page, name: string | RegExp): Locator {
  return page.getByRole('log', { name });
}

/** Which of these bodies the log's messages show, in the order shown, each as often as shown. */
export async function shownOf(log: Locator, bodies: string[]): Promise<string[]> {
  const texts = await log.getByRole('article').allInnerTexts();
  return texts.flatMap((text) => bodies.filter((body) => text.includes(body)));
}

/**
 * Stands between a page and its socket.io connection (the page's own WebSocket, routed by
 * playwright): it can answer the next message:send with a refusal the server never gave,
 * or with nothing, while the server stores the message, and keep that message's live
 * events from the page, so the page believes a send failed (or cannot know) that in truth
 * arrived.
 */
export interface SocketTap {
  /** The next message:send reaches the server, whose ack the page never sees: it gets a refusal instead. */
  refuseNextSend(): void;
  /** The next message:send reaches the server, whose ack is lost on the way back (no answer at all). */
  loseNextAck(): void;
  /** The page hears nothing live of messages with this clientId, until it sends one with it again. */
  hideMessagesWith(clientId: string): void;
  /** …or until this. */
  showMessagesWith(clientId: string): void;
}

const REFUSAL = { ok: false, error: { code: 'common.internal', message: 'Er ging iets mis bij de server.' }, status: 500 };

export async function tapDiscussionSocket(page: Page): Promise<SocketTap> {
  const next: ('refuse' | 'lose')[] = [];
  const tapped = new Map<string, 'refuse' | 'lose'>();
  const hidden = new Set<string>();
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      // engine.io message "4", socket.io event "2" with an ack id: 42/discussions,7["message:send",{…}]
      const send = /^42\/discussions,(\d+)\["message:send",(.*)\]$/s.exec(String(frame));
      if (send) {
        const { clientId } = JSON.parse(send[2]) as { clientId?: string };
        const what = next.shift();
        if (what) {
          tapped.set(send[1], what);
          if (clientId) hidden.add(clientId);
        } else if (clientId) hidden.delete(clientId);
      }
      server.send(frame);
    });
    server.onMessage((frame) => {
      const text = String(frame);
      const ack = /^43\/discussions,(\d+)\[/.exec(text);
      const what = ack ? tapped.get(ack[1]) : undefined;
      if (ack && what) {
        tapped.delete(ack[1]);
        if (what === 'refuse') ws.send(`43/discussions,${ack[1]}[${JSON.stringify(REFUSAL)}]`);
        return;
      }
      if (text.startsWith('42/discussions,["message:') && [...hidden].some((clientId) => text.includes(clientId))) return;
      ws.send(frame);
    });
  });
  return {
    refuseNextSend: () => {
      next.push('refuse');
    },
    loseNextAck: () => {
      next.push('lose');
    },
    hideMessagesWith: (clientId) => {
      hidden.add(clientId);
    },
    showMessagesWith: (clientId) => {
      hidden.delete(clientId);
    },
  };
}

/** Whether two elements' boxes overlap on screen (a banner covering the focused field, say). */
export async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [first, second] = [await a.boundingBox(), await b.boundingBox()];
  if (!first || !second) return false;
  return first.x < second.x + second.width && second.x < first.x + first.width && first.y < second.y + second.height && second.y < first.y + first.height;
}

/** The id of the element that has the focus (the tests run without the DOM's types: the page evaluates it). */
export function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.id ?? ""');
}

/** The text of the element that has the focus. */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.textContent ?? ""');
}

/** Whether this element has the focus. */
export function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === element.ownerDocument.activeElement);
}

/**
 * Resolves once the page's discussion socket has joined a thread (its join was acknowledged):
 * from then on the page hears the thread's live events, typing among them. Call before the
 * page opens the thread.
 */
export function joinedThread(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      const joins = new Set<string>();
      socket.on('framesent', ({ payload }) => {
        const join = /^42\/discussions,(\d+)\["thread:join"/.exec(String(payload));
        if (join) joins.add(join[1]);
      });
      socket.on('framereceived', ({ payload }) => {
        const ack = /^43\/discussions,(\d+)\[(.*)\]$/s.exec(String(payload));
        if (ack && joins.has(ack[1]) && (JSON.parse(ack[2]) as { ok?: boolean }).ok === true) resolve();
      });
    });
  });
}

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import i18next from 'i18next';
import { api, ApiError, unwrap } from '../../api/client.js';
import { DiscussionsClientEvent, DiscussionsServerEvent } from '../../api/generated/discussions.events.js';
import type { Ack, discussionsSocket as sharedSockets, DiscussionsSocket, Message } from '../../realtime/socket.js';

type DiscussionsSockets = typeof sharedSockets;
import { ackError, fetchMessages, type Thread, threadQuery } from './discussion-api.js';
import { loadOutbox, saveOutbox, storageKey } from './storage.js';
import {
  addOutgoing,
  emptyThread,
  lastSeqOf,
  mergeMessages,
  type Outgoing,
  removeOutgoing,
  type ThreadState,
  updateOutgoing,
} from './thread-state.js';

/**
 * The live connection as the reader should know it:
 * idle (not logged in: read by HTTP only), connecting (first time), live, reconnecting
 * (lost; socket.io tries again), offline (the browser says there is no network).
 */
export type Connection = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** How long an ack may take before the delivery is "unknown" (then the clientId settles it). */
const ACK_TIMEOUT_MS = 15_000;
/** Typing is told to the others at most this often. */
const TYPING_EVERY_MS = 3_000;
/** Someone typing is shown this long after their last keystroke event. */
const TYPING_SHOWN_MS = 6_000;
/** The read position goes to the server once the reader has stopped scrolling this long. */
const READ_DEBOUNCE_MS = 800;
/** The first page shows the newest messages, this many (older ones on request)… */
const FIRST_WINDOW = 100;
/** …or back to the first unread one, but no further than this. */
const MAX_WINDOW = 300;

/**
 * An event with an ack, answered within ACK_TIMEOUT_MS; else it throws (a timeout, a
 * dropped connection): the delivery is then unknown, and the clientId settles it later.
 */
function askSocket<T extends object>(
  socket: DiscussionsSocket,
  event: typeof DiscussionsClientEvent.JoinThread | typeof DiscussionsClientEvent.SendMessage,
  payload: object,
): Promise<Ack<T>> {
  // socket.io's types lose the ack's type under timeout(): it is the one DiscussionsClientEvents names.
  const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(event: string, payload: object): Promise<Ack<T>> };
  return timed.emitWithAck(event, payload);
}

export interface Typist {
  id: string;
  displayName: string;
}

/** What the page opened with: the unread divider and count stay as they were then. */
export interface Opening {
  thread: Thread;
  /** The reader's read position when the page opened (0: never read; null: not logged in). */
  lastReadSeq: number | null;
  unreadCount: number;
}

interface Options {
  threadId: string;
  /** The logged-in reader's id; null when nobody is logged in. */
  me: string | null;
  /** Feedback on a contribution: messages that answer nothing go through POST /contributions/:id/feedback (no membership needed). */
  feedbackFor?: string;
  /** A message the URL points at (#seq) when the page opens: the first page reaches back to it. */
  targetSeq: number | null;
}

/**
 * One thread, live: the first page over HTTP, then the socket. On every (re)connect a
 * thread:join with the last seq held brings what was missed; everything is merged by seq
 * and held once by id. Messages written here go out with a clientId, so a re-send (after
 * a timeout, a reconnect, a reload, or "Opnieuw") answers the original and never makes
 * a second one.
 */
export function useLiveThread({ threadId, me, feedbackFor, targetSeq }: Options) {
  const queryClient = useQueryClient();
  const outbox = me ? storageKey(me, threadId) : null;
  const [state, setState] = useState<ThreadState>(() => ({ ...emptyThread, outgoing: outbox ? loadOutbox(outbox) : [] }));
  // The message the URL pointed at when the page opened: the first page reaches back to it.
  const [openedAt] = useState(targetSeq);
  const [opening, setOpening] = useState<Opening | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [connection, setConnection] = useState<Connection>(() => (!me ? 'idle' : navigator.onLine ? 'connecting' : 'offline'));
  const [restored, setRestored] = useState(false);
  const [joinError, setJoinError] = useState<ApiError | null>(null);
  const [typists, setTypists] = useState<Typist[]>([]);
  const [firstSeq, setFirstSeq] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);

  // The state as of now for the socket's callbacks (React's copy lags a render behind).
  const stateRef = useRef(state);
  const socketRef = useRef<DiscussionsSocket | null>(null);
  const heldFromRef = useRef(0);
  const flushingRef = useRef(false);
  const lastTypingRef = useRef(0);
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const readRef = useRef({ sent: 0, seen: 0, timer: undefined as ReturnType<typeof setTimeout> | undefined });

  const apply = useCallback((change: (current: ThreadState) => ThreadState) => {
    stateRef.current = change(stateRef.current);
    setState(stateRef.current);
  }, []);

  const merge = useCallback((messages: Message[]) => apply((current) => mergeMessages(current, messages, me)), [apply, me]);

  /** The seq a (re)join asks everything after: the newest held, or where the first page began. */
  const heldUpTo = useCallback(() => Math.max(lastSeqOf(stateRef.current), heldFromRef.current), []);

  // Messages on their way survive a reload (they are re-sent with their clientId).
  useEffect(() => {
    if (outbox) saveOutbox(outbox, state.outgoing);
  }, [outbox, state.outgoing]);

  // The first page: the thread with the reader's read position, then its newest messages
  // (reaching back to the first unread one or to the message the URL points at).
  useEffect(() => {
    let current = true;
    const load = async () => {
      const thread = await queryClient.fetchQuery({ ...threadQuery(threadId, me), staleTime: 5_000 });
      const lastReadSeq = thread.myLastReadSeq ?? null;
      let from = Math.max(0, thread.lastSeq - FIRST_WINDOW);
      const reachBack = (seq: number) => Math.max(0, thread.lastSeq - MAX_WINDOW, seq - 5);
      if (lastReadSeq !== null && lastReadSeq > 0 && lastReadSeq < from) from = reachBack(lastReadSeq);
      if (openedAt !== null && openedAt <= from) from = Math.max(0, openedAt - 5);
      const messages = await fetchMessages(threadId, from);
      if (!current) return;
      heldFromRef.current = from;
      readRef.current.sent = lastReadSeq ?? 0;
      setFirstSeq(from);
      merge(messages);
      setOpening({ thread, lastReadSeq, unreadCount: thread.unreadCount ?? 0 });
    };
    load().catch((error: unknown) => {
      if (current) setLoadError(error instanceof ApiError ? error : new ApiError(0, 'common.network', [i18next.t('errors.offline')]));
    });
    return () => {
      current = false;
    };
  }, [queryClient, threadId, me, openedAt, merge]);

  /** Sends one outgoing message (again): the socket for thread messages, HTTP for feedback. */
  const deliver = useCallback(
    async (clientId: string) => {
      const item = stateRef.current.outgoing.find((candidate) => candidate.clientId === clientId);
      if (!item) return;
      const viaFeedback = feedbackFor !== undefined && item.parentId === null;
      const socket = socketRef.current;
      if (viaFeedback ? !navigator.onLine : !socket?.connected) {
        apply((current) => updateOutgoing(current, clientId, { delivery: 'queued', error: undefined }));
        return;
      }
      apply((current) => updateOutgoing(current, clientId, { delivery: 'sending', error: undefined }));
      try {
        let message: Message;
        if (viaFeedback) {
          message = await unwrap(
            api.POST('/api/v1/contributions/{id}/feedback', { params: { path: { id: feedbackFor } }, body: { body: item.body, clientId } }),
          );
        } else {
          const ack = await askSocket<{ message: Message }>(socket!, DiscussionsClientEvent.SendMessage, {
            threadId,
            body: item.body,
            clientId,
            ...(item.parentId ? { parentId: item.parentId } : {}),
          });
          if (!ack.ok) throw ackError(ack);
          message = ack.message;
        }
        apply((current) => removeOutgoing(mergeMessages(current, [message], me), clientId));
      } catch (error) {
        // Refused by the server: failed, with its reason. No answer at all: unknown.
        apply((current) =>
          updateOutgoing(current, clientId, error instanceof ApiError ? { delivery: 'failed', error } : { delivery: 'unknown', error: undefined }),
        );
      }
    },
    [apply, feedbackFor, me, threadId],
  );

  /** Sends, one after the other in the order they were written, what waits for a connection or an answer. */
  const flush = useCallback(async () => {
    if (flushingRef.current) return;
    flushingRef.current = true;
    try {
      for (;;) {
        const next = stateRef.current.outgoing.find((item) => item.delivery === 'queued' || item.delivery === 'unknown');
        if (!next) return;
        await deliver(next.clientId);
        const after = stateRef.current.outgoing.find((item) => item.clientId === next.clientId);
        // Still waiting (no connection, no answer): the next reconnect tries again.
        if (after && after.delivery !== 'failed') return;
      }
    } finally {
      flushingRef.current = false;
    }
  }, [deliver]);

  /** Joins the thread on the shared socket and follows it; answers how to let go. */
  const attach = useCallback(
    (sockets: DiscussionsSockets) => {
      const socket = sockets.acquire();
      socketRef.current = socket;
      let disposed = false;
      let everLive = false;
      let retryJoin: ReturnType<typeof setTimeout> | undefined;

      const join = async () => {
        if (!navigator.onLine) {
          // The browser has no network: a connection it still holds is not to be trusted.
          socket.disconnect();
          setConnection('offline');
          return;
        }
        try {
          const ack = await askSocket<{ missed: Message[] }>(socket, DiscussionsClientEvent.JoinThread, { threadId, lastSeq: heldUpTo() });
          if (disposed) return;
          if (!ack.ok) {
            setJoinError(ackError(ack));
            return;
          }
          setJoinError(null);
          merge(ack.missed);
          setConnection('live');
          if (everLive) setRestored(true);
          everLive = true;
          await flush();
        } catch {
          // No answer: join again while the connection holds (a new one joins by itself).
          if (!disposed && socket.connected) retryJoin = setTimeout(() => void join(), 2_000);
        }
      };
      const onConnect = () => void join();
      // A first connection that does not come about shows as one being sought again.
      const onConnectError = () => setConnection((current) => (current === 'connecting' && navigator.onLine ? 'reconnecting' : current));
      const onDisconnect = () => {
        setRestored(false);
        setConnection(navigator.onLine ? 'reconnecting' : 'offline');
      };
      const onMessage = (message: Message) => {
        if (message.threadId !== threadId) return;
        merge([message]);
        if (message.author.id) stopTyping(message.author.id);
      };
      const stopTyping = (userId: string) => {
        clearTimeout(typingTimers.current.get(userId));
        typingTimers.current.delete(userId);
        setTypists((current) => current.filter((typist) => typist.id !== userId));
      };
      const onTyping = (event: { threadId: string; user: Typist }) => {
        if (event.threadId !== threadId || event.user.id === me) return;
        clearTimeout(typingTimers.current.get(event.user.id));
        typingTimers.current.set(
          event.user.id,
          setTimeout(() => stopTyping(event.user.id), TYPING_SHOWN_MS),
        );
        setTypists((current) => (current.some((typist) => typist.id === event.user.id) ? current : [...current, event.user]));
      };
      const onLeft = (event: { threadId: string }) => {
        if (event.threadId === threadId) setJoinError(new ApiError(404, 'thread.not_found', [i18next.t('discussion.left')]));
      };
      const goOffline = () => {
        setRestored(false);
        setConnection('offline');
        socket.disconnect();
      };
      const goOnline = () => {
        setConnection('reconnecting');
        socket.connect();
        void flush();
      };
      const onVisible = () => {
        if (document.visibilityState === 'visible' && navigator.onLine && socket.disconnected) socket.connect();
      };

      socket.on('connect', onConnect);
      socket.on('connect_error', onConnectError);
      socket.on('disconnect', onDisconnect);
      socket.on(DiscussionsServerEvent.MessageCreated, onMessage);
      socket.on(DiscussionsServerEvent.MessageUpdated, onMessage);
      socket.on(DiscussionsServerEvent.MessageDeleted, onMessage);
      socket.on(DiscussionsServerEvent.Typing, onTyping);
      socket.on(DiscussionsServerEvent.ThreadLeft, onLeft);
      window.addEventListener('offline', goOffline);
      window.addEventListener('online', goOnline);
      document.addEventListener('visibilitychange', onVisible);
      if (!navigator.onLine) socket.disconnect();
      else if (socket.connected) void join();
      else if (socket.disconnected) socket.connect();
      const timers = typingTimers.current;

      return () => {
        disposed = true;
        clearTimeout(retryJoin);
        for (const timer of timers.values()) clearTimeout(timer);
        timers.clear();
        socket.off('connect', onConnect);
        socket.off('connect_error', onConnectError);
        socket.off('disconnect', onDisconnect);
        socket.off(DiscussionsServerEvent.MessageCreated, onMessage);
        socket.off(DiscussionsServerEvent.MessageUpdated, onMessage);
        socket.off(DiscussionsServerEvent.MessageDeleted, onMessage);
        socket.off(DiscussionsServerEvent.Typing, onTyping);
        socket.off(DiscussionsServerEvent.ThreadLeft, onLeft);
        window.removeEventListener('offline', goOffline);
        window.removeEventListener('online', goOnline);
        document.removeEventListener('visibilitychange', onVisible);
        if (socket.connected) socket.emit(DiscussionsClientEvent.LeaveThread, { threadId });
        socketRef.current = null;
        sockets.release();
      };
    },
    [me, threadId, heldUpTo, merge, flush],
  );

  // The socket: join on every (re)connect with the last seq held; live events merged.
  // socket.io comes with the first page's messages already shown (a reader who is not
  // logged in never loads it).
  useEffect(() => {
    if (!me || !opening) return;
    let detach: (() => void) | undefined;
    let cancelled = false;
    import('../../realtime/socket.js').then(
      ({ discussionsSocket }) => {
        if (!cancelled) detach = attach(discussionsSocket);
      },
      () => setConnection('reconnecting'),
    );
    return () => {
      cancelled = true;
      detach?.();
    };
  }, [me, opening, attach]);

  // A reader who is not logged in has no socket: what came meanwhile is fetched when they come back to the tab.
  useEffect(() => {
    if (me || !opening) return;
    const catchUp = () => {
      if (document.visibilityState !== 'visible') return;
      fetchMessages(threadId, heldUpTo()).then(merge, () => undefined);
    };
    window.addEventListener('focus', catchUp);
    window.addEventListener('online', catchUp);
    return () => {
      window.removeEventListener('focus', catchUp);
      window.removeEventListener('online', catchUp);
    };
  }, [me, opening, threadId, heldUpTo, merge]);

  // The "Weer verbonden" notice goes after a while.
  useEffect(() => {
    if (!restored) return;
    const timer = setTimeout(() => setRestored(false), 5_000);
    return () => clearTimeout(timer);
  }, [restored]);

  /** Writes a message: shown at once as pending, sent with a new clientId. */
  const send = useCallback(
    (body: string, parentId: string | null) => {
      const item: Outgoing = { clientId: crypto.randomUUID(), body, parentId, delivery: 'queued', writtenAt: new Date().toISOString() };
      apply((current) => addOutgoing(current, item));
      // After what waits already, in the order written.
      void flush();
    },
    [apply, flush],
  );

  /** "Opnieuw": the same clientId again, so the server answers the original if it has it. */
  const retry = useCallback((clientId: string) => void deliver(clientId), [deliver]);

  /** Gives up a message that was refused (its text goes back to the caller). */
  const discard = useCallback(
    (clientId: string) => {
      const item = stateRef.current.outgoing.find((candidate) => candidate.clientId === clientId);
      apply((current) => removeOutgoing(current, clientId));
      return item;
    },
    [apply],
  );

  const edit = useCallback(
    async (messageId: string, body: string) => {
      merge([await unwrap(api.PATCH('/api/v1/messages/{id}', { params: { path: { id: messageId } }, body: { body } }))]);
    },
    [merge],
  );

  const remove = useCallback(
    async (message: Message) => {
      await unwrap(api.DELETE('/api/v1/messages/{id}', { params: { path: { id: message.id } } }));
      merge([{ ...message, body: '', html: '', deletedAt: new Date().toISOString() }]);
    },
    [merge],
  );

  /** The page before the first one held (scroll anchoring keeps the reader's place). */
  const loadOlder = useCallback(async () => {
    const upTo = heldFromRef.current;
    if (upTo <= 0) return;
    const from = Math.max(0, upTo - FIRST_WINDOW);
    setLoadingOlder(true);
    try {
      merge(await fetchMessages(threadId, from, upTo));
      heldFromRef.current = from;
      setFirstSeq(from);
    } finally {
      setLoadingOlder(false);
    }
  }, [merge, threadId]);

  /** Tells the others that the reader is typing, at most every few seconds. */
  const typing = useCallback(() => {
    const socket = socketRef.current;
    const now = Date.now();
    if (!socket?.connected || now - lastTypingRef.current < TYPING_EVERY_MS) return;
    lastTypingRef.current = now;
    socket.emit(DiscussionsClientEvent.Typing, { threadId });
  }, [threadId]);

  /** A message the reader saw: the read position follows (debounced; it never moves backwards). */
  const storeRead = useCallback(() => {
    const read = readRef.current;
    clearTimeout(read.timer);
    const target = read.seen;
    if (!me || target <= read.sent) return;
    read.sent = target;
    const forget = () => {
      if (read.sent === target) read.sent = 0;
    };
    api.PUT('/api/v1/threads/{id}/read', { params: { path: { id: threadId } }, body: { seq: target } }).then(({ response }) => {
      if (!response.ok) forget();
    }, forget);
  }, [me, threadId]);

  const seen = useCallback(
    (seq: number) => {
      const read = readRef.current;
      if (!me || seq <= read.seen) return;
      read.seen = seq;
      if (seq <= read.sent) return;
      clearTimeout(read.timer);
      read.timer = setTimeout(storeRead, READ_DEBOUNCE_MS);
    },
    [me, storeRead],
  );

  // Leaving the page stores what was seen at once.
  useEffect(() => storeRead, [storeRead]);

  return {
    state,
    opening,
    loadError,
    joinError,
    connection,
    restored,
    typists,
    hasOlder: firstSeq > 0,
    loadingOlder,
    send,
    retry,
    discard,
    edit,
    remove,
    loadOlder,
    typing,
    seen,
  };
}

import './discussion.css';
import { type MouseEvent, type ReactNode, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { loginPathFor } from '../../components/RequireLogin.js';
import { useSession } from '../account/session.js';
import { Composer } from './Composer.js';
import { MessageItem, messageElementId, OutgoingItem } from './MessageItem.js';
import { loadDraft, storageKey } from './storage.js';
import { useDebounced } from './useDebounced.js';
import { useLiveThread } from './useLiveThread.js';

export interface LiveDiscussionProps {
  threadId: string;
  /** The discussion's heading (h2), also the name of its message log. */
  title: string;
  /** The reader may write here (the page knows the rules: membership, or feedback for anyone logged in). */
  canPost: boolean;
  /** The reader may answer a message (answers are for members; feedback without joining answers nothing). Default: canPost. */
  canReply?: boolean;
  /** Feedback on this contribution: messages that answer nothing go through its feedback route (the authors hear of it). */
  feedbackFor?: string;
  /** Links to a message on this page: #12 on a thread page, #feedback-12 on a contribution. */
  anchorPrefix?: string;
  /** The label of the text area. */
  composerLabel?: string;
  /** Shown to a logged-in reader who may not post (how to join, say). */
  notAllowed?: ReactNode;
  /**
   * The page is still asking what the reader may do here (their membership, a query's first
   * load): the messages show, but the first view waits, since the answer adds buttons to every
   * message and so moves the divider and the bottom the view would be set to.
   */
  rightsPending?: boolean;
}

/** Within this many pixels of the end, the log counts as "at the bottom" (and stays there). */
const BOTTOM_SLACK_PX = 32;

/**
 * The live discussion of one thread: feedback on a contribution, a group's thread, the
 * comments on a post. Messages come in a role="log" from the server's sanitized html;
 * nothing moves under a reader who scrolled up (a "N nieuwe berichten" button instead);
 * the unread divider is where the reader's read position was when the page opened.
 */
export function LiveDiscussion(props: LiveDiscussionProps) {
  const { t } = useTranslation();
  const session = useSession();
  // The reader's read position and rights come with their session: wait for the silent refresh.
  if (session.user === undefined) return <p role="status">{t('discussion.loading')}</p>;
  // Another thread, or another reader (a login, a logout): nothing carries over.
  return <Discussion key={`${props.threadId}:${session.user?.id ?? ''}`} {...props} />;
}

function Discussion({
  threadId,
  title,
  canPost,
  canReply = canPost,
  feedbackFor,
  anchorPrefix = '',
  composerLabel,
  notAllowed,
  rightsPending = false,
}: LiveDiscussionProps) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const headingId = useId();
  const me = session.user?.id ?? null;
  const targetSeq = useMemo(() => seqOfHash(location.hash, anchorPrefix), [location.hash, anchorPrefix]);
  const live = useLiveThread({ threadId, me, feedbackFor, targetSeq });
  const { state, opening } = live;
  const draftKey = storageKey(me ?? '', threadId);
  const [replyToId, setReplyToId] = useState<string | null>(() => (me ? (loadDraft(draftKey)?.parentId ?? null) : null));
  const log = useRef<HTMLDivElement>(null);
  const newest = state.messages.at(-1)?.seq ?? 0;
  const empty = state.messages.length === 0 && state.outgoing.length === 0;
  // Where the reader left the bottom (the newest seq then); null while at the bottom.
  const [awayFrom, setAwayFrom] = useState<number | null>(null);
  const stickToEnd = useRef(true);
  const positioned = useRef(false);
  const newestRef = useRef(newest);
  useEffect(() => {
    newestRef.current = newest;
  }, [newest]);

  const byId = useMemo(() => new Map(state.messages.map((message) => [message.id, message])), [state.messages]);
  const replyTo = replyToId ? (byId.get(replyToId) ?? null) : null;
  const newFromOthers = awayFrom === null ? 0 : state.messages.filter((message) => message.seq > awayFrom && message.author.id !== me).length;

  // The divider stays where the read position was when the page opened.
  const dividerSeq = useMemo(() => {
    if (!opening || opening.lastReadSeq === null || opening.unreadCount === 0) return null;
    const lastRead = opening.lastReadSeq;
    return state.messages.find((message) => message.seq > lastRead && message.author.id !== me)?.seq ?? null;
  }, [opening, state.messages, me]);

  const timeFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);

  /** Whether the reader is at the bottom of the log: then it follows new messages, else they are counted. */
  const followScroll = useCallback(() => {
    const element = log.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
    stickToEnd.current = atBottom;
    setAwayFrom((current) => (atBottom ? null : (current ?? newestRef.current)));
  }, []);

  const focusMessage = useCallback((seq: number) => {
    const element = document.getElementById(messageElementId(seq));
    if (!element) return false;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
    return true;
  }, []);

  const format = useMemo(
    () => ({
      time: (iso: string) => timeFormat.format(new Date(iso)),
      anchor: (seq: number) => `#${anchorPrefix}${seq}`,
      goTo: (event: MouseEvent<HTMLAnchorElement>, seq: number) => {
        event.preventDefault();
        void navigate({ hash: `${anchorPrefix}${seq}` }, { replace: true, preventScrollReset: true });
        focusMessage(seq);
      },
    }),
    [timeFormat, anchorPrefix, navigate, focusMessage],
  );

  // The first view: the message the URL points at, else the first unread one, else the newest.
  useLayoutEffect(() => {
    const element = log.current;
    if (!opening || !element || positioned.current || rightsPending) return;
    positioned.current = true;
    const divider = dividerSeq === null ? null : element.querySelector<HTMLElement>('.unread-divider');
    if (targetSeq !== null && focusMessage(targetSeq)) stickToEnd.current = false;
    else if (divider) {
      element.scrollTop = divider.offsetTop;
      stickToEnd.current = false;
    } else element.scrollTop = element.scrollHeight;
    // Where that left the reader (a scroll event comes only if it moved).
    requestAnimationFrame(followScroll);
  }, [opening, targetSeq, dividerSeq, focusMessage, followScroll, rightsPending]);

  // A link to a message of this page (#12) once the page is open: to it, with focus.
  useEffect(() => {
    if (positioned.current && targetSeq !== null) focusMessage(targetSeq);
  }, [targetSeq, focusMessage]);

  // At the bottom, the bottom stays in view as messages come; scrolled up, nothing moves.
  useLayoutEffect(() => {
    const element = log.current;
    if (element && positioned.current && stickToEnd.current) element.scrollTop = element.scrollHeight;
  }, [newest, state.outgoing.length]);

  // The same when what is shown grows after it came (an image loads) or the log changes height:
  // this runs before the scroll event of the browser's own scroll anchoring, so the reader stays at the bottom.
  useEffect(() => {
    const element = log.current;
    if (!element || !opening || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (positioned.current && stickToEnd.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    return () => observer.disconnect();
  }, [opening, empty]);

  const showNew = () => {
    const first = state.messages.find((message) => awayFrom !== null && message.seq > awayFrom && message.author.id !== me);
    setAwayFrom(newest);
    if (first) focusMessage(first.seq);
  };

  // A message counts as seen once half of it (or half the log's height) was on screen while the tab was visible.
  const { seen } = live;
  useEffect(() => {
    const element = log.current;
    // Before the first view is set, what happens to be on screen was not shown to the reader.
    if (!element || !me || !positioned.current || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (document.visibilityState !== 'visible') return;
        for (const entry of entries) {
          const enough = entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= element.clientHeight / 2;
          const seq = Number((entry.target as HTMLElement).dataset.seq);
          if (entry.isIntersecting && enough && seq > 0) seen(seq);
        }
      },
      { threshold: [0, 0.5, 1] },
    );
    const observeAll = () => {
      observer.disconnect();
      for (const item of element.querySelectorAll('article[data-seq]')) observer.observe(item);
    };
    observeAll();
    // Back to the tab: what is on screen now counts as seen (observing afresh reports it).
    const onVisible = () => document.visibilityState === 'visible' && observeAll();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      observer.disconnect();
    };
  }, [state.messages, me, seen, opening, rightsPending]);

  const typingText = useDebounced(typingSentence(live.typists, t), 400);
  const banner = bannerText(live.connection, live.restored, live.state.outgoing.length > 0, t);
  const online = live.connection === 'live' || live.connection === 'idle';
  const myName = session.user?.displayName ?? '';

  const send = (body: string) => {
    stickToEnd.current = true;
    setAwayFrom(null);
    live.send(body, replyToId);
    setReplyToId(null);
  };

  return (
    <section className="live-discussion" aria-labelledby={headingId}>
      <Heading level={2} id={headingId}>
        {title}
      </Heading>
      <ErrorAlert error={live.loadError} />
      {!opening && !live.loadError && <p role="status">{t('discussion.loading')}</p>}
      {opening && (
        <>
          {live.hasOlder && (
            <Button type="button" purpose="secondary" disabled={live.loadingOlder} onClick={() => void live.loadOlder()}>
              {t('discussion.older')}
            </Button>
          )}
          <div
            ref={log}
            role="log"
            aria-labelledby={headingId}
            aria-busy={live.loadingOlder || undefined}
            tabIndex={0}
            className="message-log"
            onScroll={followScroll}
          >
            {empty ? (
              <p className="message-log-empty">{t('discussion.empty')}</p>
            ) : (
              <ol className="messages">
                {state.messages.map((message) => (
                  <Entry key={message.id} divider={message.seq === dividerSeq ? opening.unreadCount : null}>
                    <MessageItem
                      message={message}
                      parent={message.parentId ? byId.get(message.parentId) : undefined}
                      mine={me !== null && message.author.id === me}
                      canReply={canReply && me !== null}
                      format={format}
                      onReply={(target) => setReplyToId(target.id)}
                      onEdit={(target, body) => live.edit(target.id, body)}
                      onDelete={live.remove}
                    />
                  </Entry>
                ))}
                {state.outgoing.map((item) => (
                  <li key={item.clientId}>
                    <OutgoingItem
                      item={item}
                      author={myName}
                      parent={item.parentId ? byId.get(item.parentId) : undefined}
                      format={format}
                      online={online}
                      onRetry={live.retry}
                      onDiscard={live.discard}
                    />
                  </li>
                ))}
              </ol>
            )}
          </div>
          {newFromOthers > 0 && (
            <Button type="button" purpose="primary" className="new-messages" onClick={showNew}>
              {t('discussion.newMessages', { count: newFromOthers })}
            </Button>
          )}
          <p role="status" className="typing">
            {typingText}
          </p>
          <div role="status" className={`connection-banner${banner ? ' connection-banner--shown' : ''}`}>
            {banner}
          </div>
          <ErrorAlert error={live.joinError} />
          {me === null ? (
            <p className="discussion-login">
              <AppLink to={loginPathFor(location)}>{t('discussion.logInToWrite')}</AppLink>
            </p>
          ) : canPost ? (
            <Composer
              draftKey={draftKey}
              label={composerLabel ?? t('discussion.composer.label')}
              replyTo={replyTo}
              onCancelReply={() => setReplyToId(null)}
              onSend={send}
              onTyping={live.typing}
            />
          ) : (
            notAllowed
          )}
        </>
      )}
    </section>
  );
}

/** A message in the list, with the unread divider before it when it is the first unread one. */
function Entry({ divider, children }: { divider: number | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      {divider !== null && (
        <li className="unread-divider">
          <span className="unread-divider-label">{t('discussion.unreadDivider')}</span>{' '}
          <span className="unread-divider-count">{t('discussion.unreadCount', { count: divider })}</span>
        </li>
      )}
      <li>{children}</li>
    </>
  );
}

/** #12 (prefix "") or #feedback-12 (prefix "feedback-") → 12. */
function seqOfHash(hash: string, prefix: string): number | null {
  const match = new RegExp(`^#${prefix}(\\d+)$`).exec(hash);
  return match ? Number(match[1]) : null;
}

function typingSentence(typists: { displayName: string }[], t: TFunction): string {
  if (typists.length === 0) return '';
  if (typists.length === 1) return t('discussion.typing.one', { name: typists[0].displayName });
  if (typists.length === 2) return t('discussion.typing.two', { first: typists[0].displayName, second: typists[1].displayName });
  return t('discussion.typing.many', { count: typists.length });
}

function bannerText(connection: string, restored: boolean, waiting: boolean, t: TFunction): string {
  if (connection === 'offline') return t(waiting ? 'discussion.connection.offlineWaiting' : 'discussion.connection.offline');
  if (connection === 'reconnecting') return t('discussion.connection.reconnecting');
  if (restored) return t('discussion.connection.restored');
  return '';
}

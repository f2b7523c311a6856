import { type MouseEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button } from '../../components/nl-design-system.js';
import type { Message } from '../../realtime/socket.js';
import { excerpt, MAX_MESSAGE_LENGTH } from './Composer.js';
import type { Outgoing } from './thread-state.js';

export const messageElementId = (seq: number) => `message-${seq}`;

interface Format {
  /** A time as the reader reads it (their language, their time zone). */
  time: (iso: string) => string;
  /** The link of a message on this page (#12, #feedback-12). */
  anchor: (seq: number) => string;
  /** Follows a link to a message on this page. */
  goTo: (event: MouseEvent<HTMLAnchorElement>, seq: number) => void;
}

interface Props {
  message: Message;
  parent: Message | undefined;
  mine: boolean;
  canReply: boolean;
  format: Format;
  onReply: (message: Message) => void;
  onEdit: (message: Message, body: string) => Promise<void>;
  onDelete: (message: Message) => Promise<void>;
}

type Mode = 'read' | 'edit' | 'confirm-delete';

/** One message: who and when, what it answers (a link to it), the server's html, and the author's edit and delete. */
export function MessageItem({ message, parent, mine, canReply, format, onReply, onEdit, onDelete }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<Mode>('read');
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const article = useRef<HTMLElement>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const deleted = message.deletedAt !== null;
  const metaId = `${id}-meta`;

  useEffect(() => {
    if (mode === 'edit') editor.current?.focus();
  }, [mode]);

  const back = () => {
    setMode('read');
    setError(null);
    article.current?.focus();
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      back();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'common.network', [t('errors.offline')]));
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    const body = draft.trimEnd();
    if (body.trim() === '') return setError(new ApiError(400, 'validation.failed', [t('discussion.composer.empty')]));
    if ([...body].length > MAX_MESSAGE_LENGTH) {
      return setError(new ApiError(413, 'message.too_long', [t('discussion.composer.tooLong', { count: [...body].length, max: MAX_MESSAGE_LENGTH.toLocaleString() })]));
    }
    void run(() => onEdit(message, body));
  };

  return (
    <article
      ref={article}
      id={messageElementId(message.seq)}
      data-seq={message.seq}
      tabIndex={-1}
      className={`message${mine ? ' message--mine' : ''}${deleted ? ' message--deleted' : ''}`}
      aria-labelledby={metaId}
    >
      <p className="message-meta" id={metaId}>
        <span className="message-author">
          {message.author.deleted ? (
            t('discussion.deletedUser')
          ) : message.author.id ? (
            <AppLink to={`/u/${message.author.id}`}>{message.author.displayName}</AppLink>
          ) : (
            message.author.displayName
          )}
        </span>{' '}
        <time dateTime={message.createdAt}>{format.time(message.createdAt)}</time>
        {message.editedAt && !deleted && <span className="message-edited"> · {t('discussion.edited')}</span>}
      </p>
      {message.parentId && (
        <p className="message-reply-to">
          {parent ? (
            <>
              {t('discussion.inReplyTo')}{' '}
              <a href={format.anchor(parent.seq)} onClick={(event) => format.goTo(event, parent.seq)}>
                {t('discussion.replyLink', { name: parent.author.deleted ? t('discussion.deletedUser') : parent.author.displayName, excerpt: excerpt(parent.body, 50) })}
              </a>
            </>
          ) : (
            t('discussion.inReplyToEarlier')
          )}
        </p>
      )}
      {deleted ? (
        <p className="message-body message-body--deleted">{t('discussion.deleted')}</p>
      ) : mode === 'edit' ? (
        <form
          className="message-edit"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
          noValidate
        >
          <label className="utrecht-form-label" htmlFor={`${id}-edit`}>
            {t('discussion.editLabel')}
          </label>
          <textarea
            ref={editor}
            id={`${id}-edit`}
            className="utrecht-textarea utrecht-textarea--html-textarea"
            rows={4}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
          <ErrorAlert error={error} />
          <div className="message-actions">
            <Button type="submit" purpose="primary" disabled={busy}>
              {t('discussion.save')}
            </Button>
            <Button type="button" purpose="secondary" onClick={back}>
              {t('discussion.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        // The server's rendering, sanitized there: the only HTML this client shows.
        <div className="message-body" dangerouslySetInnerHTML={{ __html: message.html }} />
      )}
      {!deleted && mode === 'confirm-delete' && (
        <div className="message-confirm">
          <p>{t('discussion.confirmDelete')}</p>
          <ErrorAlert error={error} />
          <div className="message-actions">
            <Button type="button" purpose="primary" hint="negative" disabled={busy} onClick={() => void run(() => onDelete(message))}>
              {t('discussion.confirmDeleteYes')}
            </Button>
            <Button type="button" purpose="secondary" onClick={back}>
              {t('discussion.cancel')}
            </Button>
          </div>
        </div>
      )}
      {!deleted && mode === 'read' && (canReply || mine) && (
        <div className="message-actions">
          {canReply && (
            <Button type="button" purpose="subtle" aria-describedby={metaId} onClick={() => onReply(message)}>
              {t('discussion.reply')}
            </Button>
          )}
          {mine && (
            <>
              <Button
                type="button"
                purpose="subtle"
                aria-describedby={metaId}
                onClick={() => {
                  setDraft(message.body);
                  setMode('edit');
                }}
              >
                {t('discussion.edit')}
              </Button>
              <Button type="button" purpose="subtle" aria-describedby={metaId} onClick={() => setMode('confirm-delete')}>
                {t('discussion.delete')}
              </Button>
            </>
          )}
        </div>
      )}
    </article>
  );
}

interface OutgoingProps {
  item: Outgoing;
  author: string;
  parent: Message | undefined;
  format: Format;
  online: boolean;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}

/** A message written here, on its way: pending, delivery unknown, or refused (with "Opnieuw"). */
export function OutgoingItem({ item, author, parent, format, online, onRetry, onDiscard }: OutgoingProps) {
  const { t } = useTranslation();
  const id = useId();
  const stuck = item.delivery === 'failed' || (item.delivery === 'unknown' && online);
  return (
    <article className={`message message--mine message--pending message--${item.delivery}`} aria-labelledby={`${id}-meta`} data-client-id={item.clientId}>
      <p className="message-meta" id={`${id}-meta`}>
        <span className="message-author">{author}</span> <time dateTime={item.writtenAt}>{format.time(item.writtenAt)}</time>
      </p>
      {parent && (
        <p className="message-reply-to">
          {t('discussion.inReplyTo')}{' '}
          <a href={format.anchor(parent.seq)} onClick={(event) => format.goTo(event, parent.seq)}>
            {t('discussion.replyLink', { name: parent.author.displayName, excerpt: excerpt(parent.body, 50) })}
          </a>
        </p>
      )}
      <p className="message-body message-body--plain">{item.body}</p>
      <p className="message-delivery">{t(`discussion.delivery.${item.delivery}`)}</p>
      {item.delivery === 'failed' && item.error && (
        <p className="message-delivery-error" role="alert">
          {item.error.lines.join(' ')}
        </p>
      )}
      {stuck && (
        <div className="message-actions">
          <Button type="button" purpose="secondary" aria-describedby={`${id}-meta`} onClick={() => onRetry(item.clientId)}>
            {t('discussion.retry')}
          </Button>
          {item.delivery === 'failed' && (
            <Button type="button" purpose="subtle" aria-describedby={`${id}-meta`} onClick={() => onDiscard(item.clientId)}>
              {t('discussion.discard')}
            </Button>
          )}
        </div>
      )}
    </article>
  );
}

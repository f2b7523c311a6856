import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button } from '../../components/nl-design-system.js';
import type { Message } from '../../realtime/socket.js';
import { clearDraft, loadDraft, saveDraft } from './storage.js';

/** The longest message the server takes, in characters (longer: 413). */
export const MAX_MESSAGE_LENGTH = 10_000;

type Mode = 'write' | 'preview';
type Preview = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; html: string } | { state: 'failed'; error: ApiError };

interface Props {
  /** Where the draft is kept: the writer's and the thread's (storageKey). */
  draftKey: string;
  /** The label of the text area ("Uw bericht", "Uw feedback"). */
  label: string;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (body: string) => void;
  onTyping: () => void;
}

/**
 * A markdown text area with a Schrijven/Voorbeeld tab pair: the preview is the server's
 * own rendering (no markdown library in the client). The draft is kept per thread in
 * this browser until it is sent.
 */
export function Composer({ draftKey, label, replyTo, onCancelReply, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState(() => loadDraft(draftKey)?.body ?? '');
  const [mode, setMode] = useState<Mode>('write');
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const tabs = { write: useRef<HTMLButtonElement>(null), preview: useRef<HTMLButtonElement>(null) };
  const replyToId = replyTo?.id ?? null;

  useEffect(() => saveDraft(draftKey, { body, parentId: replyToId }), [draftKey, body, replyToId]);

  // Answering a message leads to the text area.
  useEffect(() => {
    if (replyToId) textarea.current?.focus();
  }, [replyToId]);

  const showPreview = () => {
    setMode('preview');
    if (body.trim() === '') return setPreview({ state: 'ready', html: '' });
    setPreview({ state: 'loading' });
    unwrap(api.POST('/api/v1/markdown/preview', { body: { body } })).then(
      (answer) => setPreview({ state: 'ready', html: answer.html }),
      (caught: unknown) => setPreview({ state: 'failed', error: caught instanceof ApiError ? caught : new ApiError(0, 'common.network', [t('errors.offline')]) }),
    );
  };

  const select = (next: Mode, focus = false) => {
    if (next === 'preview') showPreview();
    else setMode('write');
    if (focus) tabs[next].current?.focus();
  };

  // Arrow keys move between the two tabs (the WAI-ARIA tabs pattern); Tab goes on to the panel.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next: Mode = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : mode === 'write' ? 'preview' : 'write';
    select(next, true);
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trimEnd();
    if (text.trim() === '') return setError(t('discussion.composer.empty'));
    const length = [...text].length;
    if (length > MAX_MESSAGE_LENGTH) return setError(t('discussion.composer.tooLong', { count: length, max: MAX_MESSAGE_LENGTH.toLocaleString() }));
    setError(null);
    onSend(text);
    setBody('');
    clearDraft(draftKey);
    setMode('write');
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <form className="composer" onSubmit={submit} noValidate aria-label={t('discussion.composer.form')}>
      {replyTo && (
        <div className="composer-reply">
          <p>
            {t('discussion.composer.replyingTo', { name: replyTo.author.displayName || t('discussion.deletedUser') })}{' '}
            <q>{excerpt(replyTo.body)}</q>
          </p>
          <Button type="button" purpose="subtle" onClick={onCancelReply}>
            {t('discussion.composer.cancelReply')}
          </Button>
        </div>
      )}
      <div role="tablist" aria-label={t('discussion.composer.tabs')} className="composer-tabs">
        {(['write', 'preview'] as const).map((tab) => (
          <button
            key={tab}
            ref={tabs[tab]}
            type="button"
            role="tab"
            id={`${id}-${tab}-tab`}
            aria-selected={mode === tab}
            aria-controls={`${id}-${tab}`}
            tabIndex={mode === tab ? 0 : -1}
            className="composer-tab"
            onClick={() => select(tab)}
            onKeyDown={onTabKey}
          >
            {t(`discussion.composer.${tab}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-write`} aria-labelledby={`${id}-write-tab`} hidden={mode !== 'write'} className="composer-panel">
        <label className="utrecht-form-label" htmlFor={`${id}-body`}>
          {label}
        </label>
        <p className="hint" id={hintId}>
          {t('discussion.composer.hint')}
        </p>
        {error && (
          <p className="composer-error" id={errorId}>
            {error}
          </p>
        )}
        <textarea
          ref={textarea}
          id={`${id}-body`}
          className={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
          rows={4}
          value={body}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          onChange={(event) => {
            setBody(event.target.value);
            if (error) setError(null);
            onTyping();
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={mode !== 'preview'}
        tabIndex={0}
        className="composer-panel composer-preview"
      >
        {preview.state === 'loading' && <p role="status">{t('discussion.composer.previewLoading')}</p>}
        {preview.state === 'failed' && <ErrorAlert error={preview.error} />}
        {preview.state === 'ready' &&
          (preview.html === '' ? (
            <p className="hint">{t('discussion.composer.previewEmpty')}</p>
          ) : (
            // The server's rendering, sanitized there: the only HTML this client shows.
            <div className="message-body" dangerouslySetInnerHTML={{ __html: preview.html }} />
          ))}
      </div>
      <div className="composer-actions">
        <Button type="submit" purpose="primary">
          {t('discussion.composer.send')}
        </Button>
      </div>
    </form>
  );
}

/** The first words of a message, for "Antwoord op …". */
export function excerpt(body: string, length = 80): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

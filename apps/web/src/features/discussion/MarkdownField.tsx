import './discussion.css';
import { type KeyboardEvent, type Ref, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

type Mode = 'write' | 'preview';
type Preview = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; html: string } | { state: 'failed'; error: ApiError };

interface Props {
  /** The label of the text area ("Uw bericht", "Tekst van de blog"). */
  label: string;
  /** What the writer may use (markdown, keys); read with the text area. */
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  rows?: number;
  textareaRef?: Ref<HTMLTextAreaElement>;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  /** The tab pair's name ("Schrijven of voorbeeld bekijken"). */
  tabsLabel?: string;
}

/**
 * A markdown text area with a Schrijven/Voorbeeld tab pair (the WAI-ARIA tabs pattern):
 * the preview is the server's own rendering (no markdown library in the client), the
 * only HTML shown. Used by the discussion's composer and by the blog editor.
 */
export function MarkdownField({ label, hint, value, onChange, error, rows = 4, textareaRef, onKeyDown, tabsLabel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<Mode>('write');
  const [preview, setPreview] = useState<Preview>({ state: 'idle' });
  const tabs = { write: useRef<HTMLButtonElement>(null), preview: useRef<HTMLButtonElement>(null) };

  const showPreview = () => {
    setMode('preview');
    if (value.trim() === '') return setPreview({ state: 'ready', html: '' });
    setPreview({ state: 'loading' });
    unwrap(api.POST('/api/v1/markdown/preview', { body: { body: value } })).then(
      (answer) => setPreview({ state: 'ready', html: answer.html }),
      (caught: unknown) => setPreview({ state: 'failed', error: caught instanceof ApiError ? caught : new ApiError(0, 'common.network', [t('errors.offline')]) }),
    );
  };

  const select = (next: Mode, focus = false) => {
    if (next === 'preview') showPreview();
    else setMode('write');
    if (focus) tabs[next].current?.focus();
  };

  // Arrow keys move between the two tabs; Tab goes on to the panel.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next: Mode = event.key === 'Home' ? 'write' : event.key === 'End' ? 'preview' : mode === 'write' ? 'preview' : 'write';
    select(next, true);
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className="markdown-field">
      <div role="tablist" aria-label={tabsLabel ?? t('discussion.composer.tabs')} className="composer-tabs">
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
          {hint}
        </p>
        {error && (
          <p className="composer-error" id={errorId}>
            {error}
          </p>
        )}
        <textarea
          ref={textareaRef}
          id={`${id}-body`}
          className={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
          rows={rows}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          onChange={(event) => onChange(event.target.value)}
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
    </div>
  );
}

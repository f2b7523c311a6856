import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/nl-design-system.js';
import type { Message } from '../../realtime/socket.js';
import { MarkdownField } from './MarkdownField.js';
import { clearDraft, loadDraft, saveDraft } from './storage.js';

/** The longest message the server takes, in characters (longer: 413). */
export const MAX_MESSAGE_LENGTH = 10_000;


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
 * A message's composer: the markdown field (Schrijven/Voorbeeld) with answering and
 * sending. The draft is kept per thread in this browser until it is sent.
 */
export function Composer({ draftKey, label, replyTo, onCancelReply, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const [body, setBody] = useState(() => loadDraft(draftKey)?.body ?? '');
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const replyToId = replyTo?.id ?? null;

  useEffect(() => saveDraft(draftKey, { body, parentId: replyToId }), [draftKey, body, replyToId]);

  // Answering a message leads to the text area.
  useEffect(() => {
    if (replyToId) textarea.current?.focus();
  }, [replyToId]);

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
    textarea.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
  };

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
      <MarkdownField
        label={label}
        hint={t('discussion.composer.hint')}
        value={body}
        error={error}
        textareaRef={textarea}
        onKeyDown={onKeyDown}
        onChange={(value) => {
          setBody(value);
          if (error) setError(null);
          onTyping();
        }}
      />
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

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { TextAreaField, TextField } from '../../components/forms.js';
import { Button, Heading, NumberBadge, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { formHandlers } from '../../components/form-mutation.js';
import { type Group, useThreads } from './group-queries.js';
import { DateTime } from './DateTime.js';
import { ListSection } from './ListSection.js';

/** The group's threads, most recently active first, each with its unread count and last message; members start new ones. */
export function GroupThreads({ group }: { group: Group }) {
  const { t } = useTranslation();
  const threads = useThreads(group.id, true);
  const after = (
    <>
      <Heading level={3}>{t('groups.newThread')}</Heading>
      {group.myRole ? <NewThreadForm groupId={group.id} /> : <Paragraph>{t('groups.newThreadMembersOnly')}</Paragraph>}
    </>
  );
  return (
    <ListSection id="group-threads" heading={t('groups.threads')} list={threads} empty={t('groups.noThreads')} after={after}>
      {(thread) => (
        <li key={thread.id}>
          <span className="thread-title">
            <AppLink to={`/threads/${thread.id}`}>{thread.title}</AppLink>
            {(thread.unreadCount ?? 0) > 0 && (
              <NumberBadge label={t('groups.unread', { count: thread.unreadCount ?? 0 })}>{thread.unreadCount}</NumberBadge>
            )}
          </span>
          <span className="group-meta">
            {thread.kind !== 'discussion' && <>{t(`groups.kind.${thread.kind}`)} · </>}
            {t('groups.lastActivity')} <DateTime value={thread.lastMessageAt} />
          </span>
        </li>
      )}
    </ListSection>
  );
}

/** Title and first message; the new thread's page follows. */
function NewThreadForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/groups/{id}/threads', { params: { path: { id: groupId } }, body: { title, body } })),
    onSuccess: (thread) => void navigate(`/threads/${thread.id}`),
  });
  const { submit } = formHandlers(start);
  return (
    <form onSubmit={submit} noValidate className="stacked-form">
      <TextField label={t('groups.threadTitle')} aria-required="true" maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />
      <TextAreaField
        label={t('groups.threadBody')}
        description={t('groups.threadBodyHint')}
        aria-required="true"
        rows={5}
        value={body}
        onChange={(event) => setBody(event.target.value)}
      />
      <QueryErrorAlert error={start.error} />
      <Button type="submit" purpose="primary" busy={start.isPending}>
        {t('groups.startThread')}
      </Button>
    </form>
  );
}

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { groupQuery, threadQuery } from './discussion-api.js';
import { LiveDiscussion } from './LiveDiscussion.js';

/** /threads/:id (the links of notifications and digests, #seq for one message): a thread of a group, live. */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const me = session.user?.id ?? null;
  const known = session.user !== undefined;
  const thread = useQuery({ ...threadQuery(id, me), enabled: known });
  const groupId = thread.data?.groupId ?? null;
  const group = useQuery({ ...groupQuery(groupId ?? '', me), enabled: known && groupId !== null });
  usePageTitle(thread.data?.title ?? t('discussion.threadPage'));

  if (thread.error) {
    return (
      <>
        <Heading level={1}>{t('discussion.threadPage')}</Heading>
        <ErrorAlert error={thread.error as ApiError} />
      </>
    );
  }
  if (!thread.data) return <p role="status">{t('app.loading')}</p>;

  const data = thread.data;
  const member = group.data?.myRole != null;
  // Feedback on a contribution takes no membership; answering in it (and every other thread) does.
  const feedbackFor = data.kind === 'feedback' && data.subject?.type === 'contribution' ? data.subject.id : undefined;
  return (
    <>
      <Heading level={1}>{data.title}</Heading>
      {groupId && (
        <Paragraph className="thread-group">
          {t('discussion.inGroup')} <AppLink to={`/groups/${groupId}`}>{group.data?.name ?? t('discussion.theGroup')}</AppLink>
        </Paragraph>
      )}
      {data.subject?.type === 'blog_post' && (
        <Paragraph>
          <AppLink to={`/blogs/${data.subject.id}`}>{t('discussion.toBlog')}</AppLink>
        </Paragraph>
      )}
      {feedbackFor && (
        <Paragraph>
          <AppLink to={`/contributions/${feedbackFor}`}>{t('discussion.toContribution')}</AppLink>
        </Paragraph>
      )}
      <LiveDiscussion
        threadId={data.id}
        title={t('discussion.messages')}
        canPost={feedbackFor !== undefined || member}
        canReply={member}
        feedbackFor={feedbackFor}
        rightsPending={group.isLoading}
        notAllowed={
          groupId &&
          !group.isPending && (
            <Paragraph className="discussion-not-allowed">
              {t('discussion.membersOnly')} <AppLink to={`/groups/${groupId}`}>{t('discussion.joinGroup', { name: group.data?.name ?? '' })}</AppLink>
            </Paragraph>
          )
        }
      />
    </>
  );
}

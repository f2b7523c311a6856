import './contribution.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, type ApiError, type Schema, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { groupQuery } from '../discussion/discussion-api.js';
import { LiveDiscussion } from '../discussion/LiveDiscussion.js';
import { JoinWorkspace } from './JoinWorkspace.js';

type Contribution = Schema<'ContributionDto'>;

/**
 * /contributions/:id: a paper of the kennisbank in readable typography, joining its
 * workspace, and the live feedback discussion with its authors below it.
 */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const me = session.user?.id ?? null;
  const known = session.user !== undefined;
  const contribution = useQuery({
    queryKey: ['contribution', id],
    queryFn: () => unwrap(api.GET('/api/v1/contributions/{id}', { params: { path: { id } } })),
  });
  const themes = useQuery({
    queryKey: ['themes'],
    queryFn: () => unwrap(api.GET('/api/v1/themes')),
    enabled: !!contribution.data?.themeSlug,
    staleTime: 5 * 60_000,
  });
  const groupId = contribution.data?.workspace.groupId ?? '';
  const workspace = useQuery({ ...groupQuery(groupId, me), enabled: known && groupId !== '' });
  usePageTitle(contribution.data?.title ?? t('contribution.title'));

  if (contribution.error) {
    return (
      <>
        <Heading level={1}>{t('contribution.title')}</Heading>
        <ErrorAlert error={contribution.error as ApiError} />
      </>
    );
  }
  if (!contribution.data) return <p role="status">{t('app.loading')}</p>;

  const paper = contribution.data;
  const themeGroupId = themes.data?.find((theme) => theme.slug === paper.themeSlug)?.groupId;
  const member = workspace.data?.myRole != null;
  return (
    <>
      <article className="contribution">
        <Heading level={1} lang={paper.language}>
          {paper.title}
        </Heading>
        <Authors authors={paper.authors} />
        <dl className="contribution-facts">
          <div>
            <dt>{t('contribution.congress')}</dt>
            <dd>
              {paper.congressName} ({paper.year})
            </dd>
          </div>
          {paper.theme && (
            <div>
              <dt>{t('contribution.theme')}</dt>
              <dd>{themeGroupId ? <AppLink to={`/groups/${themeGroupId}`}>{paper.theme}</AppLink> : paper.theme}</dd>
            </div>
          )}
          {paper.keywords.length > 0 && (
            <div>
              <dt>{t('contribution.keywords')}</dt>
              <dd>
                <ul className="keywords">
                  {paper.keywords.map((keyword) => (
                    <li key={keyword}>{keyword}</li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
        <JoinWorkspace groupId={paper.workspace.groupId} group={workspace.data} loading={!known || workspace.isPending} />
        {paper.abstract && (
          <section aria-labelledby="contribution-abstract">
            <Heading level={2} id="contribution-abstract">
              {t('contribution.abstract')}
            </Heading>
            <Text text={paper.abstract} lang={paper.language} />
          </section>
        )}
        <section aria-labelledby="contribution-body">
          <Heading level={2} id="contribution-body">
            {t('contribution.body')}
          </Heading>
          <Text text={paper.body} lang={paper.language} />
        </section>
      </article>
      {me !== null && !member && workspace.data && <Paragraph className="feedback-hint">{t('contribution.feedbackWithoutJoining')}</Paragraph>}
      <LiveDiscussion
        threadId={paper.workspace.feedbackThreadId}
        title={t('contribution.feedback')}
        canPost
        canReply={member}
        rightsPending={workspace.isLoading}
        feedbackFor={paper.id}
        anchorPrefix="feedback-"
        composerLabel={t('contribution.feedbackLabel')}
      />
    </>
  );
}

function Authors({ authors }: { authors: Contribution['authors'] }) {
  const { t } = useTranslation();
  if (authors.length === 0) return null;
  return (
    <div className="contribution-authors">
      <span id="contribution-authors">{t('contribution.by')}</span>
      <ul aria-labelledby="contribution-authors">
        {authors.map((author) => (
          <li key={author.id}>
            {author.userId ? <AppLink to={`/u/${author.userId}`}>{author.name}</AppLink> : author.name}
            {author.affiliation && <span className="affiliation"> ({author.affiliation})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Plain text from the kennisbank as paragraphs (blank lines part them; line breaks stay): text only, never HTML. */
function Text({ text, lang }: { text: string; lang: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
  return (
    <div className="contribution-text" lang={lang}>
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}

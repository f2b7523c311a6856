import './blogs.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, type ApiError, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { LiveDiscussion } from '../discussion/LiveDiscussion.js';
import { DateTime } from '../groups/DateTime.js';
import { fetchGroup, groupKey } from '../groups/group-queries.js';
import { type Blog, blogKey, fetchBlog, placeLink } from './blog-queries.js';

/** /blogs/:id (the link of "blog published" notifications and digests): a post, its author's actions, its live comments. */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const known = session.user !== undefined;
  const blog = useQuery({ queryKey: [...blogKey(id), session.user?.id ?? 'anonymous'], queryFn: () => fetchBlog(id), enabled: known });
  usePageTitle(blog.data?.title ?? t('blogs.post'));

  if (blog.isError) {
    const hidden = (blog.error as ApiError).statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('blogs.post')}</Heading>
        {hidden ? <Paragraph role="alert">{t('blogs.notFound')}</Paragraph> : <QueryErrorAlert error={blog.error} />}
      </>
    );
  }
  if (!blog.data) return <p role="status">{t('app.loading')}</p>;
  return <BlogView blog={blog.data} />;
}

function BlogView({ blog }: { blog: Blog }) {
  const { t } = useTranslation();
  const session = useSession();
  const me = session.user?.id ?? null;
  const mine = me !== null && blog.author?.id === me;
  // Who may comment: the group's members; for a deelsite's news, the deelsite's members (the server decides the same).
  const group = useQuery({ queryKey: groupKey(blog.groupId ?? ''), queryFn: () => fetchGroup(blog.groupId ?? ''), enabled: blog.groupId !== null });
  const site = useQuery({
    queryKey: ['site', blog.site ?? '', me ?? 'anonymous'],
    queryFn: () => unwrap(api.GET('/api/v1/sites/{slug}', { params: { path: { slug: blog.site ?? '' } } })),
    enabled: blog.site !== null,
  });
  const place = blog.groupId ? group.data : site.data;
  const member = place?.myRole != null;

  return (
    <article className="blog-page" aria-labelledby="blog-title">
      <Heading level={1} id="blog-title">
        {blog.title}
      </Heading>
      <p className="blog-meta">
        {blog.status === 'draft' && (
          <>
            <span className="blog-status">{t('blogs.draftBadge')}</span>{' '}
          </>
        )}
        {t('blogs.by', { name: blog.author?.displayName ?? t('blogs.deletedAuthor') })}
        {' · '}
        {blog.publishedAt ? (
          <>
            {t('blogs.publishedOn')} <DateTime value={blog.publishedAt} />
          </>
        ) : (
          <>
            {t('blogs.savedOn')} <DateTime value={blog.updatedAt} />
          </>
        )}
        {blog.publishedAt && new Date(blog.updatedAt).getTime() - new Date(blog.publishedAt).getTime() > 60_000 && (
          <>
            {' · '}
            {t('blogs.editedOn')} <DateTime value={blog.updatedAt} />
          </>
        )}
      </p>
      <Paragraph>
        <AppLink to={placeLink(blog)}>
          {blog.groupId ? t('blogs.toGroupBlogs', { name: group.data?.name ?? t('blogs.theGroup') }) : t('blogs.toSiteNews', { name: site.data?.name ?? blog.site })}
        </AppLink>
      </Paragraph>
      {blog.status === 'draft' && <Paragraph className="hint">{t('blogs.draftHint')}</Paragraph>}
      {/* The server's rendering of the markdown, sanitized there: the only HTML this client shows. */}
      <div className="blog-body" dangerouslySetInnerHTML={{ __html: blog.html }} />
      {mine && <AuthorActions blog={blog} />}
      {blog.commentThreadId && (
        <LiveDiscussion
          threadId={blog.commentThreadId}
          title={t('blogs.comments')}
          canPost={member}
          rightsPending={group.isLoading || site.isLoading}
          composerLabel={t('blogs.commentLabel')}
          notAllowed={
            !(blog.groupId ? group.isPending : site.isPending) && (
              <Paragraph className="discussion-not-allowed">
                {blog.groupId ? t('blogs.commentMembersOnly') : t('blogs.commentSiteMembersOnly')}{' '}
                <AppLink to={blog.groupId ? `/groups/${blog.groupId}` : `/s/${blog.site ?? ''}`}>
                  {t('blogs.joinPlace', { name: place?.name ?? '' })}
                </AppLink>
              </Paragraph>
            )
          }
        />
      )}
    </article>
  );
}

/** Edit, publish a draft, delete (after a confirmation that says the comments go too). */
function AuthorActions({ blog }: { blog: Blog }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const publish = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/blogs/{id}', { params: { path: { id: blog.id } }, body: { status: 'published' } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['blog'] }).then(() => queryClient.invalidateQueries({ queryKey: ['blogs'] })),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/blogs/{id}', { params: { path: { id: blog.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['blogs'] });
      void navigate(placeLink(blog), { replace: true });
    },
  });
  return (
    <div className="blog-author">
      <div className="blog-actions">
        <AppLink to={`/blogs/${blog.id}/edit`}>{t('blogs.edit')}</AppLink>
        {blog.status === 'draft' && (
          <Button type="button" purpose="primary" busy={publish.isPending} onClick={() => !publish.isPending && publish.mutate()}>
            {t('blogs.publish')}
          </Button>
        )}
        {!confirming && (
          <Button type="button" purpose="secondary" ref={deleteButton} onClick={() => setConfirming(true)}>
            {t('blogs.delete')}
          </Button>
        )}
      </div>
      {confirming && (
        <div className="blog-confirm" role="group" aria-labelledby="blog-confirm-text">
          <p id="blog-confirm-text">{blog.commentThreadId ? t('blogs.confirmDeletePublished') : t('blogs.confirmDeleteDraft')}</p>
          <div className="blog-actions">
            <Button type="button" purpose="primary" busy={remove.isPending} onClick={() => !remove.isPending && remove.mutate()} autoFocus>
              {t('blogs.confirmDeleteYes')}
            </Button>
            <Button
              type="button"
              purpose="secondary"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => deleteButton.current?.focus());
              }}
            >
              {t('blogs.cancel')}
            </Button>
          </div>
        </div>
      )}
      <ErrorAlert error={(publish.error ?? remove.error) as ApiError | null} />
    </div>
  );
}

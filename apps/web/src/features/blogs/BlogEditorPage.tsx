import './blogs.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api, type ApiError, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { MarkdownField } from '../discussion/MarkdownField.js';
import { type Blog, blogKey, type BlogPlace, fetchBlog } from './blog-queries.js';
import { blogDraftKey, clearBlogDraft, loadBlogDraft, saveBlogDraft } from './drafts.js';

type Target = { kind: 'new'; place: BlogPlace } | { kind: 'edit'; blogId: string };

/**
 * Writing a post: /groups/:id/blogs/new (a group's blog), /s/:slug/news/new (a deelsite's
 * news) and /blogs/:id/edit. Title and markdown with its preview; saved as a draft or
 * published. What is typed is kept in this browser (per account and post) until saved.
 */
export function Component() {
  const { id = '', slug } = useParams();
  const { pathname } = useLocation();
  const target: Target = pathname.startsWith('/blogs/')
    ? { kind: 'edit', blogId: id }
    : { kind: 'new', place: slug !== undefined ? { site: slug } : { group: id } };
  return (
    <RequireLogin>
      {target.kind === 'edit' ? <EditExisting blogId={target.blogId} /> : <Editor target={target} blog={null} />}
    </RequireLogin>
  );
}

function EditExisting({ blogId }: { blogId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const blog = useQuery({ queryKey: [...blogKey(blogId), session.user?.id ?? 'anonymous'], queryFn: () => fetchBlog(blogId) });
  usePageTitle(t('blogs.editTitle'));
  if (blog.isError) {
    return (
      <>
        <Heading level={1}>{t('blogs.editTitle')}</Heading>
        <QueryErrorAlert error={blog.error} />
      </>
    );
  }
  if (!blog.data) return <p role="status">{t('app.loading')}</p>;
  return <Editor key={blog.data.id} target={{ kind: 'edit', blogId }} blog={blog.data} />;
}

function Editor({ target, blog }: { target: Target; blog: Blog | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const draftKey = blogDraftKey(
    session.user?.id ?? '',
    target.kind === 'edit' ? `blog:${target.blogId}` : 'group' in target.place ? `group:${target.place.group}` : `site:${target.place.site}`,
  );
  const [restored] = useState(() => {
    const stored = loadBlogDraft(draftKey);
    return stored && (!blog || stored.title !== blog.title || stored.body !== blog.body) ? stored : null;
  });
  const [title, setTitle] = useState(restored?.title ?? blog?.title ?? '');
  const [body, setBody] = useState(restored?.body ?? blog?.body ?? '');
  const [errors, setErrors] = useState<{ title?: string; body?: string }>({});
  const heading = blog ? t('blogs.editTitle') : target.kind === 'new' && 'site' in target.place ? t('blogs.newNewsTitle') : t('blogs.newTitle');
  usePageTitle(heading);

  // Every change is kept in this browser; saving clears it.
  useEffect(() => {
    if (!blog || title !== blog.title || body !== blog.body) saveBlogDraft(draftKey, { title, body });
  }, [draftKey, title, body, blog]);

  const save = useMutation({
    mutationFn: (status: 'draft' | 'published') => {
      const input = { title: title.trim(), body };
      if (target.kind === 'edit') {
        return unwrap(api.PATCH('/api/v1/blogs/{id}', { params: { path: { id: target.blogId } }, body: { ...input, status } }));
      }
      return 'group' in target.place
        ? unwrap(api.POST('/api/v1/groups/{id}/blogs', { params: { path: { id: target.place.group } }, body: { ...input, status } }))
        : unwrap(api.POST('/api/v1/sites/{slug}/blogs', { params: { path: { slug: target.place.site } }, body: { ...input, status } }));
    },
    onSuccess: async (saved) => {
      clearBlogDraft(draftKey);
      await queryClient.invalidateQueries({ queryKey: ['blogs'] });
      await queryClient.invalidateQueries({ queryKey: ['blog', saved.id] });
      void navigate(`/blogs/${saved.id}`);
    },
  });

  const submit = (status: 'draft' | 'published') => (event?: FormEvent) => {
    event?.preventDefault();
    const problems = {
      title: title.trim() === '' ? t('blogs.titleRequired') : undefined,
      body: body.trim() === '' ? t('blogs.bodyRequired') : undefined,
    };
    setErrors(problems);
    if (problems.title || problems.body || save.isPending) return;
    save.mutate(status);
  };

  const published = blog?.status === 'published';
  const back = blog ? `/blogs/${blog.id}` : target.kind === 'new' ? ('group' in target.place ? `/groups/${target.place.group}/blogs` : `/s/${target.place.site}`) : '/';
  return (
    <>
      <Heading level={1}>{heading}</Heading>
      {restored && <Paragraph role="status">{t('blogs.restored')}</Paragraph>}
      <form className="blog-editor" noValidate onSubmit={submit(published ? 'published' : 'draft')}>
        <TextField
          label={t('blogs.titleLabel')}
          aria-required="true"
          maxLength={300}
          value={title}
          error={errors.title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <MarkdownField
          label={t('blogs.bodyLabel')}
          hint={t('blogs.bodyHint')}
          tabsLabel={t('blogs.bodyTabs')}
          rows={12}
          value={body}
          error={errors.body}
          onChange={setBody}
        />
        <p className="blog-autosave">{t('blogs.autosaveHint')}</p>
        <ErrorAlert error={save.error as ApiError | null} />
        <div className="blog-actions">
          {published ? (
            <Button type="submit" purpose="primary" busy={save.isPending}>
              {t('blogs.save')}
            </Button>
          ) : (
            <>
              <Button type="submit" purpose="secondary" busy={save.isPending}>
                {t('blogs.saveDraft')}
              </Button>
              <Button type="button" purpose="primary" busy={save.isPending} onClick={submit('published')}>
                {t('blogs.publish')}
              </Button>
            </>
          )}
          <AppLink to={back}>{t('blogs.cancel')}</AppLink>
        </div>
      </form>
    </>
  );
}


import '../groups/groups.css';
import './blogs.css';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink.js';
import { useSession } from '../account/session.js';
import { DateTime } from '../groups/DateTime.js';
import { ListSection } from '../groups/ListSection.js';
import { type BlogPlace, useBlogList } from './blog-queries.js';

interface Props {
  place: BlogPlace;
  /** The section's heading (h2): "Blogs", "Nieuws". */
  heading: string;
  /** The heading's id (the section is labelled by it). */
  id?: string;
  /** Shown when there is nothing yet. */
  empty?: string;
}

/**
 * The posts of a group or the news of a deelsite: published ones, and the reader's own
 * drafts marked as such, newest first. Deelsite pages use it for their news.
 */
export function BlogList({ place, heading, id = 'blog-list', empty }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const list = useBlogList(place, session.user?.id ?? null);
  return (
    <ListSection id={id} heading={heading} list={list} empty={empty ?? t('blogs.empty')}>
      {(blog) => (
        <li key={blog.id} className="blog-item">
          <span className="blog-item-title">
            <AppLink to={`/blogs/${blog.id}`}>{blog.title}</AppLink>
            {blog.status === 'draft' && <span className="blog-status">{t('blogs.draftBadge')}</span>}
          </span>
          <span className="group-meta">
            {blog.author?.displayName ?? t('blogs.deletedAuthor')}
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
          </span>
        </li>
      )}
    </ListSection>
  );
}

import './blogs.css';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { fetchGroup, groupKey } from '../groups/group-queries.js';
import { BlogList } from './BlogList.js';

/** /groups/:id/blogs: the group's posts (and the reader's drafts); members write new ones. */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const group = useQuery({ queryKey: groupKey(id), queryFn: () => fetchGroup(id) });
  const title = group.data ? t('blogs.groupBlogsOf', { name: group.data.name }) : t('blogs.groupBlogs');
  usePageTitle(title);

  if (group.isError) {
    const hidden = (group.error as ApiError).statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('blogs.groupBlogs')}</Heading>
        {hidden ? <Paragraph role="alert">{t('blogs.groupNotFound')}</Paragraph> : <QueryErrorAlert error={group.error} />}
      </>
    );
  }
  return (
    <>
      <Heading level={1}>{title}</Heading>
      <Paragraph>
        <AppLink to={`/groups/${id}`}>{t('blogs.backToGroup')}</AppLink>
      </Paragraph>
      {group.data && (group.data.myRole ? (
        <Paragraph>
          <AppLink to={`/groups/${id}/blogs/new`}>{t('blogs.write')}</AppLink>
        </Paragraph>
      ) : (
        <Paragraph className="hint">{t('blogs.writeMembersOnly')}</Paragraph>
      ))}
      <BlogList place={{ group: id }} heading={t('blogs.posts')} />
    </>
  );
}

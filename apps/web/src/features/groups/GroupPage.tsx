import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { JoinRequests, Members, Workspaces } from './GroupLists.js';
import { fetchGroup, type Group, groupKey, useChildGroups } from './group-queries.js';
import { GroupThreads } from './GroupThreads.js';
import { MembershipPanel } from './MembershipPanel.js';
import './groups.css';

/**
 * A group (/groups/:id): what it is, joining and leaving, its workspaces when it is a
 * theme group (it has groups under it), its threads and its members. /groups/:id/requests
 * adds the requests to join for its owners and admins.
 */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const group = useQuery({ queryKey: groupKey(id), queryFn: () => fetchGroup(id) });
  const requestsPage = useLocation().pathname.endsWith('/requests');
  usePageTitle(group.data ? (requestsPage ? `${t('groups.requests')} · ${group.data.name}` : group.data.name) : t('groups.title'));

  if (group.isPending) {
    return (
      <>
        <Heading level={1}>{t('groups.title')}</Heading>
        <Paragraph role="status">{t('groups.loading')}</Paragraph>
      </>
    );
  }
  if (group.isError) {
    const hidden = group.error instanceof ApiError && group.error.statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('groups.title')}</Heading>
        {hidden ? <Paragraph role="alert">{t('groups.notFound')}</Paragraph> : <QueryErrorAlert error={group.error} />}
      </>
    );
  }
  return <GroupView group={group.data} requestsPage={requestsPage} />;
}

function GroupView({ group, requestsPage }: { group: Group; requestsPage: boolean }) {
  const { t } = useTranslation();
  const workspaces = useChildGroups(group.id);
  const isThemeGroup = workspaces.items.length > 0;
  const manager = group.myRole === 'owner' || group.myRole === 'admin';

  return (
    <div className="group-page">
      <Heading level={1}>{group.name}</Heading>
      <p className="group-meta">
        {[isThemeGroup && t('groups.themeGroup'), group.contributionId && t('groups.workspaceOf'), t('groups.memberCount', { count: group.memberCount })]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {group.contributionId && (
        <Paragraph>
          <AppLink to={`/contributions/${group.contributionId}`}>{t('groups.openContribution')}</AppLink>
        </Paragraph>
      )}
      {group.description && <Paragraph className="group-description">{group.description}</Paragraph>}

      <section aria-labelledby="group-membership" className="group-section">
        <Heading level={2} id="group-membership">
          {t('groups.membership')}
        </Heading>
        <MembershipPanel group={group} isThemeGroup={isThemeGroup} />
        {manager && (
          <Paragraph>
            <AppLink to={`/groups/${group.id}/settings`}>{t('groupAdmin.link')}</AppLink>
          </Paragraph>
        )}
        {manager && !requestsPage && group.membership === 'request' && (
          <Paragraph>
            <AppLink to={`/groups/${group.id}/requests`}>{t('groups.requestsLink')}</AppLink>
          </Paragraph>
        )}
      </section>

      {requestsPage && (
        <>
          <JoinRequests group={group} />
          <Paragraph>
            <AppLink to={`/groups/${group.id}`}>{t('groups.backToGroup')}</AppLink>
          </Paragraph>
        </>
      )}
      <nav aria-label={t('groups.contentNav')} className="group-content-links">
        <AppLink to={`/groups/${group.id}/blogs`}>{t('blogs.inGroupLink')}</AppLink>
        <AppLink to={`/groups/${group.id}/files`}>{t('files.inGroupLink')}</AppLink>
      </nav>
      {isThemeGroup && <Workspaces workspaces={workspaces} />}
      {!isThemeGroup && <QueryErrorAlert error={workspaces.error} />}
      <GroupThreads group={group} />
      <Members group={group} />
    </div>
  );
}

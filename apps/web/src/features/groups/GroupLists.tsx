import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { LoadMoreButton, useLoadMore } from '../../components/LoadMore.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { DateTime } from './DateTime.js';
import { type Group, groupKey, useChildGroups, useJoinRequests, useMembers } from './group-queries.js';

type CursorList = { items: unknown[]; hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown>; error: unknown };

/** The "load more" and error of a list section. */
function ListFooter({ list, loadMore }: { list: CursorList; loadMore: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      {list.hasNextPage && (
        <LoadMoreButton loading={list.isFetchingNextPage} onClick={loadMore}>
          {t('groups.loadMore')}
        </LoadMoreButton>
      )}
      <QueryErrorAlert error={list.error} />
    </>
  );
}

/** A theme group's workspaces: each links to its contribution (or to the group when it is no contribution's). */
export function Workspaces({ workspaces }: { workspaces: ReturnType<typeof useChildGroups> }) {
  const { t } = useTranslation();
  const { listRef, loadMore } = useLoadMore<HTMLUListElement>(workspaces.items.length, workspaces.fetchNextPage);
  return (
    <section aria-labelledby="group-workspaces" className="group-section">
      <Heading level={2} id="group-workspaces">
        {t('groups.workspaces')}
      </Heading>
      <Paragraph>{t('groups.workspacesIntro')}</Paragraph>
      <ul className="group-list" ref={listRef}>
        {workspaces.items.map((child) => (
          <li key={child.id}>
            <AppLink to={child.contributionId ? `/contributions/${child.contributionId}` : `/groups/${child.id}`}>{child.name}</AppLink>
            <span className="group-meta">{t('groups.memberCount', { count: child.memberCount })}</span>
          </li>
        ))}
      </ul>
      <ListFooter list={workspaces} loadMore={loadMore} />
    </section>
  );
}

export function Members({ group }: { group: Group }) {
  const { t } = useTranslation();
  const members = useMembers(group.id, true);
  const { listRef, loadMore } = useLoadMore<HTMLUListElement>(members.items.length, members.fetchNextPage);
  return (
    <section aria-labelledby="group-members" className="group-section">
      <Heading level={2} id="group-members">
        {t('groups.members')}
      </Heading>
      {members.isPending && <Paragraph>{t('app.loading')}</Paragraph>}
      {members.isSuccess && members.items.length === 0 && <Paragraph>{t('groups.noMembers')}</Paragraph>}
      <ul className="group-list member-list" ref={listRef}>
        {members.items.map((member) => (
          <li key={member.user.id}>
            <span>{member.user.displayName}</span>
            <span className="group-meta">
              {[t(`groups.role.${member.role}`), member.user.affiliation].filter(Boolean).join(' · ')}
            </span>
          </li>
        ))}
      </ul>
      <ListFooter list={members} loadMore={loadMore} />
    </section>
  );
}

/**
 * The requests to join, for the group's owners and admins: admit or reject each. The
 * outcome is announced; the focus goes to the section's heading when the request's own
 * buttons disappear.
 */
export function JoinRequests({ group }: { group: Group }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const manager = group.myRole === 'owner' || group.myRole === 'admin';
  const requests = useJoinRequests(group.id, manager);
  const { listRef, loadMore } = useLoadMore<HTMLUListElement>(requests.items.length, requests.fetchNextPage);
  const [outcome, setOutcome] = useState('');
  const decide = useMutation({
    mutationFn: async ({ userId, approve }: { userId: string; name: string; approve: boolean }) => {
      const path = { params: { path: { id: group.id, userId } } };
      if (approve) await unwrap(api.POST('/api/v1/groups/{id}/requests/{userId}/approve', path));
      else await unwrap(api.POST('/api/v1/groups/{id}/requests/{userId}/reject', path));
    },
    onSuccess: async (_, { name, approve }) => {
      setOutcome(t(approve ? 'groups.approved' : 'groups.rejected', { name }));
      document.getElementById('group-requests')?.focus();
      await queryClient.invalidateQueries({ queryKey: groupKey(group.id) });
    },
  });

  return (
    <section aria-labelledby="group-requests" className="group-section">
      <Heading level={2} id="group-requests" tabIndex={-1}>
        {t('groups.requests')}
      </Heading>
      <p role="status" className="group-hint">
        {outcome}
      </p>
      {!manager && <Paragraph>{t('groups.requestsManagersOnly')}</Paragraph>}
      {manager && requests.isSuccess && requests.items.length === 0 && <Paragraph>{t('groups.noRequests')}</Paragraph>}
      <ul className="group-list" ref={listRef}>
        {requests.items.map((request) => (
          <li key={request.user.id}>
            <span>{request.user.displayName}</span>
            <span className="group-meta">{t('groups.requestedAt')} <DateTime value={request.requestedAt} dateOnly /></span>
            <span className="group-actions">
              <Button purpose="primary" onClick={() => !decide.isPending && decide.mutate({ userId: request.user.id, name: request.user.displayName, approve: true })}>
                {t('groups.approve', { name: request.user.displayName })}
              </Button>
              <Button purpose="secondary" onClick={() => !decide.isPending && decide.mutate({ userId: request.user.id, name: request.user.displayName, approve: false })}>
                {t('groups.reject', { name: request.user.displayName })}
              </Button>
            </span>
          </li>
        ))}
      </ul>
      <QueryErrorAlert error={decide.error} />
      <ListFooter list={requests} loadMore={loadMore} />
    </section>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { Button, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { DateTime } from './DateTime.js';
import { type Group, groupKey, useChildGroups, useJoinRequests, useMembers } from './group-queries.js';
import { ListSection } from './ListSection.js';

/** A theme group's workspaces: each links to its contribution (or to the group when it is no contribution's). */
export function Workspaces({ workspaces }: { workspaces: ReturnType<typeof useChildGroups> }) {
  const { t } = useTranslation();
  return (
    <ListSection id="group-workspaces" heading={t('groups.workspaces')} list={workspaces} before={<Paragraph>{t('groups.workspacesIntro')}</Paragraph>}>
      {(child) => (
        <li key={child.id}>
          <AppLink to={child.contributionId ? `/contributions/${child.contributionId}` : `/groups/${child.id}`}>{child.name}</AppLink>
          <span className="group-meta">{t('groups.memberCount', { count: child.memberCount })}</span>
        </li>
      )}
    </ListSection>
  );
}

export function Members({ group }: { group: Group }) {
  const { t } = useTranslation();
  const members = useMembers(group.id, true);
  return (
    <ListSection id="group-members" heading={t('groups.members')} list={members} empty={t('groups.noMembers')}>
      {(member) => (
        <li key={member.user.id}>
          <span>{member.user.displayName}</span>
          <span className="group-meta">{[t(`groups.role.${member.role}`), member.user.affiliation].filter(Boolean).join(' · ')}</span>
        </li>
      )}
    </ListSection>
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
    <ListSection
      id="group-requests"
      heading={t('groups.requests')}
      list={requests}
      empty={manager ? t('groups.noRequests') : undefined}
      before={
        <>
          <p role="status" className="group-hint">
            {outcome}
          </p>
          {!manager && <Paragraph>{t('groups.requestsManagersOnly')}</Paragraph>}
        </>
      }
      after={<QueryErrorAlert error={decide.error} />}
    >
      {(request) => (
        <li key={request.user.id}>
          <span>{request.user.displayName}</span>
          <span className="group-meta">
            {t('groups.requestedAt')} <DateTime value={request.requestedAt} dateOnly />
          </span>
          <span className="group-actions">
            <Button purpose="primary" onClick={() => !decide.isPending && decide.mutate({ userId: request.user.id, name: request.user.displayName, approve: true })}>
              {t('groups.approve', { name: request.user.displayName })}
            </Button>
            <Button purpose="secondary" onClick={() => !decide.isPending && decide.mutate({ userId: request.user.id, name: request.user.displayName, approve: false })}>
              {t('groups.reject', { name: request.user.displayName })}
            </Button>
          </span>
        </li>
      )}
    </ListSection>
  );
}

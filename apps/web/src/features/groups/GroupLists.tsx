import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { Paragraph } from '../../components/nl-design-system.js';
import { type Group, groupKey, useChildGroups, useJoinRequests, useMembers } from './group-queries.js';
import { ListSection } from './ListSection.js';
import { RequestDecisions } from './RequestDecisions.js';

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

/** The requests to join, for the group's owners and admins: admit or reject each. */
export function JoinRequests({ group }: { group: Group }) {
  const { t } = useTranslation();
  const manager = group.myRole === 'owner' || group.myRole === 'admin';
  const requests = useJoinRequests(group.id, manager);
  return (
    <RequestDecisions
      id="group-requests"
      heading={t('groups.requests')}
      list={requests}
      empty={manager ? t('groups.noRequests') : undefined}
      intro={!manager && <Paragraph>{t('groups.requestsManagersOnly')}</Paragraph>}
      decide={async (userId, approve) => {
        const path = { params: { path: { id: group.id, userId } } };
        if (approve) await unwrap(api.POST('/api/v1/groups/{id}/requests/{userId}/approve', path));
        else await unwrap(api.POST('/api/v1/groups/{id}/requests/{userId}/reject', path));
      }}
      outcome={(name, approve) => t(approve ? 'groups.approved' : 'groups.rejected', { name })}
      refresh={groupKey(group.id)}
    />
  );
}

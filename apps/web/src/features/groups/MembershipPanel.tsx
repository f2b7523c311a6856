import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { Button, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { loginPathFor } from '../../components/RequireLogin.js';
import { useSession } from '../account/session.js';
import { GROUP_MUTES } from '../settings/settings-api.js';
import { type Group, groupKey } from './group-queries.js';

type JoinState = 'owner' | 'admin' | 'member' | 'pending' | 'none' | 'inviteOnly';

function joinStateOf(group: Group): JoinState {
  if (group.myRole) return group.myRole;
  if (group.myRequest === 'pending') return 'pending';
  return group.membership === 'invite' ? 'inviteOnly' : 'none';
}

/**
 * Join or leave by the reader's state (join / request sent / member / owner). The state is
 * a polite status, and the one button keeps its place while its action changes, so the
 * focus stays on it after a click. A refusal (the last owner leaving: group.last_owner)
 * shows the server's message.
 */
export function MembershipPanel({ group, isThemeGroup }: { group: Group; isThemeGroup: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  const state = joinStateOf(group);
  const refresh = () => queryClient.invalidateQueries({ queryKey: groupKey(group.id) });

  const membership = useMutation({
    mutationFn: (action: 'join' | 'leave') =>
      action === 'join'
        ? unwrap(api.POST('/api/v1/groups/{id}/join', { params: { path: { id: group.id } } }))
        : unwrap(api.POST('/api/v1/groups/{id}/leave', { params: { path: { id: group.id } } })),
    onSuccess: refresh,
  });

  if (session.user === undefined) return null;
  if (session.user === null) {
    return (
      <>
        <Paragraph>{t(`groups.state.${state === 'inviteOnly' ? 'inviteOnly' : 'none'}`)}</Paragraph>
        {state !== 'inviteOnly' && (
          <Paragraph>
            <AppLink to={loginPathFor(location)}>{t('groups.loginToJoin')}</AppLink>
          </Paragraph>
        )}
      </>
    );
  }

  const action: { label: string; run: 'join' | 'leave' } | null =
    state === 'none'
      ? { label: group.membership === 'request' ? t('groups.requestJoin') : isThemeGroup ? t('groups.joinTrack') : t('groups.join'), run: 'join' }
      : state === 'pending'
        ? { label: t('groups.withdraw'), run: 'leave' }
        : state === 'inviteOnly'
          ? null
          : { label: t('groups.leave'), run: 'leave' };

  return (
    <>
      <Paragraph role="status">{t(`groups.state.${state}`)}</Paragraph>
      <div className="group-actions">
        {action && (
          <Button
            purpose={action.run === 'join' ? 'primary' : 'secondary'}
            busy={membership.isPending}
            disabled={membership.isPending}
            onClick={() => {
              if (membership.isPending) return;
              membership.reset();
              membership.mutate(action.run);
            }}
          >
            {action.label}
          </Button>
        )}
        {group.myRole && <MuteToggle groupId={group.id} />}
      </div>
      <QueryErrorAlert error={membership.error} />
      {membership.error instanceof ApiError && membership.error.code === 'group.last_owner' && (
        <Paragraph>
          <AppLink to={`/groups/${group.id}/settings`}>{t('groupAdmin.lastOwnerHint')}</AppLink>
        </Paragraph>
      )}
    </>
  );
}

/** Mute or unmute the group's notifications and digests (members): a toggle button, its state from the server. */
function MuteToggle({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const hintId = useId();
  const queryClient = useQueryClient();
  const key = [...groupKey(groupId), 'mute'];
  const state = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/groups/{id}/mute', { params: { path: { id: groupId } } })),
  });
  const change = useMutation({
    mutationFn: async (muted: boolean) => {
      const path = { params: { path: { id: groupId } } };
      await unwrap(muted ? api.PUT('/api/v1/groups/{id}/mute', path) : api.DELETE('/api/v1/groups/{id}/mute', path));
      return muted;
    },
    onSuccess: (muted) => {
      queryClient.setQueryData(key, { muted });
      // The settings page lists my groups with their mutes: it reads them again.
      return queryClient.invalidateQueries({ queryKey: GROUP_MUTES });
    },
  });
  if (!state.data) return <QueryErrorAlert error={state.error} />;
  const muted = state.data.muted;
  return (
    <>
      <Button
        purpose="secondary"
        toggle
        pressed={muted}
        busy={change.isPending}
        aria-describedby={muted ? hintId : undefined}
        onClick={() => !change.isPending && change.mutate(!muted)}
      >
        {t('groups.mute')}
      </Button>
      {muted && (
        <p id={hintId} className="group-hint">
          {t('groups.muteHint')}
        </p>
      )}
      <QueryErrorAlert error={change.error} />
    </>
  );
}

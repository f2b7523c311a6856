import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { api, ApiError, type Schema, unwrap } from '../../api/client.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { loginPathFor } from '../../components/RequireLogin.js';
import { useSession } from '../account/session.js';
import { groupQuery } from '../discussion/discussion-api.js';

type Group = Schema<'GroupDto'>;

/** Where the reader stands with the workspace: the join button by state (join / request sent / member / owner). */
type Standing = 'owner' | 'admin' | 'member' | 'pending' | 'invite-only' | 'open' | 'request';

function standingOf(group: Group): Standing {
  if (group.myRole) return group.myRole;
  if (group.myRequest === 'pending' || group.myRequestPending) return 'pending';
  if (group.membership === 'invite') return 'invite-only';
  return group.membership;
}

/**
 * The contribution's workspace: joining it (open: at once; on request: the owners decide)
 * to discuss with its authors, share files and follow what happens.
 */
export function JoinWorkspace({ groupId, group, loading }: { groupId: string; group: Group | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = session.user?.id ?? null;
  const state = useRef<HTMLParagraphElement>(null);
  const join = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/groups/{id}/join', { params: { path: { id: groupId } } })),
    onSuccess: (answer) => {
      // 200 {role}: a member now; 202 {status: pending}: the request waits for the owners.
      queryClient.setQueryData<Group>(groupQuery(groupId, me).queryKey, (current) =>
        current &&
        (answer.role
          ? { ...current, myRole: answer.role, myRequestPending: false, myRequest: null, memberCount: current.memberCount + 1 }
          : { ...current, myRequestPending: answer.status === 'pending', myRequest: answer.status === 'pending' ? 'pending' : null }),
      );
      void queryClient.invalidateQueries({ queryKey: ['group', groupId] });
    },
  });
  const standing = group ? standingOf(group) : null;

  // After joining, the button is gone: the focus goes to what took its place.
  useEffect(() => {
    if (join.isSuccess) state.current?.focus();
  }, [join.isSuccess, standing]);

  let content;
  if (loading) content = <Paragraph>{t('app.loading')}</Paragraph>;
  else if (me === null) {
    content = (
      <Paragraph>
        <AppLink to={loginPathFor(location)}>{t('contribution.join.logIn')}</AppLink>
      </Paragraph>
    );
  } else if (standing) {
    content =
      standing === 'open' || standing === 'request' ? (
        <Button type="button" purpose="primary" disabled={join.isPending} onClick={() => join.mutate()}>
          {t(`contribution.join.${standing}`)}
        </Button>
      ) : (
        <Paragraph ref={state} tabIndex={-1} className="membership-state">
          {t(`contribution.join.state.${standing}`)}
        </Paragraph>
      );
  }

  return (
    <section className="workspace" aria-labelledby="contribution-workspace">
      <Heading level={2} id="contribution-workspace">
        {t('contribution.workspace')}
      </Heading>
      <Paragraph>{t('contribution.workspaceIntro')}</Paragraph>
      <div role="status" className="workspace-standing">
        {content}
      </div>
      <ErrorAlert error={join.error instanceof ApiError ? join.error : null} />
      {group?.myRole && (
        <Paragraph>
          <AppLink to={`/groups/${groupId}`}>{t('contribution.toWorkspace')}</AppLink>
        </Paragraph>
      )}
    </section>
  );
}

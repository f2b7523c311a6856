import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { loginPathFor } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from '../account/session.js';
import { useTimeZone } from '../settings/settings-api.js';

/**
 * The invitation mail's link lands here: what the invitation is for (GET /invites/:token,
 * for anyone holding the link), a login or new account first when needed (and back here),
 * then accepting it, which leads to the group (or, in a closed deelsite, says that a site
 * admin lets the invitee in first). A used or expired invitation shows the
 * server's coded error.
 */
export function Component() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone(!!session.user);
  const invite = useQuery({
    queryKey: ['invites', token],
    queryFn: () => unwrap(api.GET('/api/v1/invites/{token}', { params: { path: { token } } })),
  });
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/invites/{token}/accept', { params: { path: { token } } })),
    onSuccess: async (membership) => {
      // Pending: a site admin of the closed deelsite lets the invitee in first; the group stays out of sight till then.
      if (membership.status === 'pending') return;
      await queryClient.invalidateQueries({ queryKey: ['groups'] });
      void navigate(`/groups/${membership.groupId}`);
    },
  });
  const group = invite.data?.groupName;
  usePageTitle(group ? t('invite.heading', { group }) : t('invite.title'));

  const login = loginPathFor(location);
  const register = `/register?returnTo=${encodeURIComponent(location.pathname)}`;
  return (
    <>
      <Heading level={1}>{group ? t('invite.heading', { group }) : t('invite.headingUnknown')}</Heading>
      {invite.isPending && <p role="status">{t('invite.loading')}</p>}
      <ErrorAlert error={invite.error instanceof ApiError ? invite.error : null} />
      {invite.error && (
        <Paragraph>
          <AppLink to="/">{t('invite.toHome')}</AppLink>
        </Paragraph>
      )}
      {invite.data && (
        <>
          <Paragraph>
            {invite.data.invitedBy ? t('invite.from', { name: invite.data.invitedBy, group }) : t('invite.fromSomeone', { group })}{' '}
            {t('invite.expires', {
              date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone }).format(new Date(invite.data.expiresAt)),
            })}
          </Paragraph>
          {session.user === null && (
            <>
              <Paragraph>{t('invite.loginFirst')}</Paragraph>
              <ul>
                <li>
                  <AppLink to={login}>{t('invite.login')}</AppLink>
                </li>
                <li>
                  <AppLink to={register}>{t('invite.register')}</AppLink>
                </li>
              </ul>
            </>
          )}
          {session.user && (
            <>
              {/* Present from the start, so that the pending answer is announced. */}
              <Paragraph role="status">{accept.data?.status === 'pending' ? t('invite.pending', { group }) : ''}</Paragraph>
              {accept.data?.status !== 'pending' && (
                <>
                  <ErrorAlert error={accept.error instanceof ApiError ? accept.error : null} />
                  <Button
                    purpose="primary"
                    busy={accept.isPending}
                    onClick={() => {
                      if (!accept.isPending) accept.mutate();
                    }}
                  >
                    {accept.isPending ? t('invite.accepting') : t('invite.accept')}
                  </Button>
                </>
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, type Schema, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { TextAreaField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { useSession } from '../account/session.js';
import './profile.css';

type Profile = Schema<'PublicProfileDto'>;

export const profileKey = (id: string) => ['profile', id] as const;

/**
 * /u/:id: someone's public profile (name, affiliation, bio), their contributions in the
 * kennisbank and the groups of theirs the reader may see. On one's own profile, a form to
 * change what it shows.
 */
export function Component() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const profile = useQuery({
    queryKey: profileKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });
  usePageTitle(profile.data ? profile.data.displayName : t('profile.title'));

  if (profile.isPending) {
    return (
      <>
        <Heading level={1}>{t('profile.title')}</Heading>
        <Paragraph role="status">{t('app.loading')}</Paragraph>
      </>
    );
  }
  if (profile.isError) {
    const gone = profile.error instanceof ApiError && profile.error.statusCode === 404;
    return (
      <>
        <Heading level={1}>{t('profile.title')}</Heading>
        {gone ? <Paragraph role="alert">{t('profile.notFound')}</Paragraph> : <QueryErrorAlert error={profile.error} />}
      </>
    );
  }
  return <ProfileView profile={profile.data} />;
}

function ProfileView({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const session = useSession();
  const own = session.user?.id === profile.id;
  return (
    <div className="profile-page">
      <Heading level={1}>{profile.displayName}</Heading>
      {profile.affiliation && <Paragraph className="profile-affiliation">{profile.affiliation}</Paragraph>}
      {profile.bio && <Paragraph className="profile-bio">{profile.bio}</Paragraph>}

      <section aria-labelledby="profile-contributions" className="profile-section">
        <Heading level={2} id="profile-contributions">
          {t('profile.contributions')}
        </Heading>
        {profile.contributions.length === 0 ? (
          <Paragraph>{t('profile.noContributions')}</Paragraph>
        ) : (
          <ul className="profile-list">
            {profile.contributions.map((contribution) => (
              <li key={contribution.id}>
                <AppLink to={`/contributions/${contribution.id}`}>{contribution.title}</AppLink>
                <span className="profile-meta">{[contribution.congressName, contribution.theme].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="profile-groups" className="profile-section">
        <Heading level={2} id="profile-groups">
          {t('profile.groups')}
        </Heading>
        {profile.groups.length === 0 ? (
          <Paragraph>{t('profile.noGroups')}</Paragraph>
        ) : (
          <ul className="profile-list">
            {profile.groups.map((group) => (
              <li key={group.id}>
                <AppLink to={`/groups/${group.id}`}>{group.name}</AppLink>
                <span className="profile-meta">
                  {[t(`groups.role.${group.role}`), group.contributionId && t('groups.workspaceOf')].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {own && <EditProfile profile={profile} />}
    </div>
  );
}

/** One's own profile: display name, affiliation and bio (PATCH /me); the header's name follows. */
function EditProfile({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [affiliation, setAffiliation] = useState(profile.affiliation ?? '');
  const [bio, setBio] = useState(profile.bio ?? '');
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/v1/me', { body: { displayName, affiliation: affiliation.trim() || null, bio: bio.trim() || null } })),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: profileKey(profile.id) }), session.reload()]);
    },
  });
  const { submit, changed } = formHandlers(save);
  return (
    <section aria-labelledby="profile-edit" className="profile-section">
      <Heading level={2} id="profile-edit">
        {t('profile.edit')}
      </Heading>
      <form onSubmit={submit} noValidate className="profile-form">
        <TextField
          label={t('profile.displayName')}
          autoComplete="name"
          value={displayName}
          required
          maxLength={100}
          onChange={(event) => changed(setDisplayName)(event.target.value)}
        />
        <TextField
          label={t('profile.affiliation')}
          description={t('profile.affiliationHint')}
          autoComplete="organization"
          value={affiliation}
          maxLength={200}
          onChange={(event) => changed(setAffiliation)(event.target.value)}
        />
        <TextAreaField label={t('profile.bio')} value={bio} rows={5} maxLength={2000} onChange={(event) => changed(setBio)(event.target.value)} />
        <QueryErrorAlert error={save.error} />
        <div role="status">{save.isSuccess && <Paragraph>{t('profile.saved')}</Paragraph>}</div>
        <Button type="submit" purpose="primary" busy={save.isPending}>
          {t('profile.save')}
        </Button>
      </form>
      <Paragraph>
        <AppLink to="/account">{t('profile.accountLink')}</AppLink>
      </Paragraph>
    </section>
  );
}

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { SelectField, TextAreaField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { SiteTheme } from '../sites/SiteTheme.js';
import '../sites/sites.css';

const VISIBILITIES = ['public', 'site', 'members'] as const;
const MEMBERSHIPS = ['open', 'request', 'invite'] as const;

/** /groups/new[?site=slug][&parent=id]: create a group (on the main site or a deelsite, under a theme group or not). */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('newGroup.title'));
  return (
    <RequireLogin>
      <Heading level={1}>{t('newGroup.title')}</Heading>
      <NewGroupForm />
    </RequireLogin>
  );
}

function NewGroupForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const site = search.get('site') ?? undefined;
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<(typeof VISIBILITIES)[number]>('public');
  const [membership, setMembership] = useState<(typeof MEMBERSHIPS)[number]>('open');
  const givenParent = search.get('parent') ?? '';
  const [parentId, setParentId] = useState(givenParent);
  const themes = useQuery({ queryKey: ['themes'], queryFn: () => unwrap(api.GET('/api/v1/themes')) });
  const siteName = useQuery({
    queryKey: ['site', site],
    queryFn: () => unwrap(api.GET('/api/v1/sites/{slug}', { params: { path: { slug: site ?? '' } } })),
    enabled: site !== undefined,
  });

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/groups', {
          body: { name, description: description || undefined, visibility, membership, site, parentId: parentId || undefined },
        }),
      ),
    onSuccess: (group) => navigate(`/groups/${group.id}`),
  });
  const { submit } = formHandlers(create);

  return (
    <SiteTheme primary={siteName.data?.primaryColor ?? null} accent={siteName.data?.accentColor ?? null}>
    <form onSubmit={submit} noValidate className="site-form">
      <Paragraph>{site ? t('newGroup.inSite', { site: siteName.data?.name ?? site }) : t('newGroup.onMainSite')}</Paragraph>
      <TextField label={t('newGroup.name')} value={name} required maxLength={200} autoComplete="off" onChange={(event) => setName(event.target.value)} />
      <TextAreaField label={t('newGroup.description')} value={description} maxLength={5000} rows={4} onChange={(event) => setDescription(event.target.value)} />
      <SelectField label={t('newGroup.visibility')} value={visibility} onChange={(event) => setVisibility(event.target.value as typeof visibility)}>
        {VISIBILITIES.filter((value) => value !== 'site' || site).map((value) => (
          <option key={value} value={value}>
            {t(`newGroup.visibilities.${value}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('newGroup.membership')} value={membership} onChange={(event) => setMembership(event.target.value as typeof membership)}>
        {MEMBERSHIPS.map((value) => (
          <option key={value} value={value}>
            {t(`newGroup.memberships.${value}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('newGroup.parent')}
        description={t('newGroup.parentDescription')}
        value={parentId}
        onChange={(event) => setParentId(event.target.value)}
      >
        <option value="">{t('newGroup.noParent')}</option>
        {/* A parent from the link (?parent=) that is no theme group: the group it came from. */}
        {givenParent && themes.isSuccess && !themes.data.some((theme) => theme.groupId === givenParent) && (
          <option value={givenParent}>{t('newGroup.givenParent')}</option>
        )}
        {themes.data?.map((theme) => (
          <option key={theme.groupId} value={theme.groupId}>
            {theme.name}
          </option>
        ))}
      </SelectField>
      <QueryErrorAlert error={themes.error} />
      <QueryErrorAlert error={create.error} />
      <Paragraph>
        <Button type="submit" purpose="primary" busy={create.isPending}>
          {t('newGroup.submit')}
        </Button>
      </Paragraph>
    </form>
    </SiteTheme>
  );
}

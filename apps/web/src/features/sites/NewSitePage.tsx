import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { SelectField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { SITES } from './site-queries.js';
import './sites.css';

const VISIBILITIES = ['public', 'members'] as const;
const MEMBERSHIPS = ['open', 'request', 'invite'] as const;

/** /s/new: open a deelsite (the caller becomes its admin), then go to it. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('sites.new.title'));
  return (
    <RequireLogin>
      <Heading level={1}>{t('sites.new.title')}</Heading>
      <NewSiteForm />
    </RequireLogin>
  );
}

/** A slug from a name: lowercase letters, digits and hyphens. */
const slugOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

function NewSiteForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);
  const [organization, setOrganization] = useState('');
  const [congress, setCongress] = useState('');
  const [visibility, setVisibility] = useState<(typeof VISIBILITIES)[number]>('public');
  const [membership, setMembership] = useState<(typeof MEMBERSHIPS)[number]>('open');
  const congresses = useQuery({
    queryKey: ['congresses', 'all'],
    queryFn: () => unwrap(api.GET('/api/v1/congresses', { params: { query: { limit: 100 } } })),
  });

  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/sites', { body: { name, slug, organization, congress: congress || undefined, visibility, membership } })),
    onSuccess: async (site) => {
      await queryClient.invalidateQueries({ queryKey: SITES });
      await navigate(`/s/${site.slug}`);
    },
  });
  const { submit } = formHandlers(create);

  return (
    <form onSubmit={submit} noValidate className="site-form">
      <TextField
        label={t('sites.new.name')}
        value={name}
        required
        maxLength={200}
        autoComplete="off"
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(slugOf(event.target.value));
        }}
      />
      <TextField
        label={t('sites.new.slug')}
        description={t('sites.new.slugDescription')}
        value={slug}
        required
        maxLength={63}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value);
        }}
      />
      <TextField
        label={t('sites.new.organization')}
        value={organization}
        required
        maxLength={200}
        autoComplete="organization"
        onChange={(event) => setOrganization(event.target.value)}
      />
      <SelectField label={t('sites.new.congress')} value={congress} onChange={(event) => setCongress(event.target.value)}>
        <option value="">{t('sites.new.noCongress')}</option>
        {congresses.data?.items.map((item) => (
          <option key={item.slug} value={item.slug}>
            {item.name}
          </option>
        ))}
      </SelectField>
      <QueryErrorAlert error={congresses.error} />
      <SelectField label={t('sites.new.visibility')} value={visibility} onChange={(event) => setVisibility(event.target.value as typeof visibility)}>
        {VISIBILITIES.map((value) => (
          <option key={value} value={value}>
            {t(`sites.visibility.${value}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('sites.new.membership')} value={membership} onChange={(event) => setMembership(event.target.value as typeof membership)}>
        {MEMBERSHIPS.map((value) => (
          <option key={value} value={value}>
            {t(`sites.membership.${value}`)}
          </option>
        ))}
      </SelectField>
      <QueryErrorAlert error={create.error} />
      <Paragraph>
        <Button type="submit" purpose="primary" busy={create.isPending}>
          {t('sites.new.submit')}
        </Button>
      </Paragraph>
    </form>
  );
}

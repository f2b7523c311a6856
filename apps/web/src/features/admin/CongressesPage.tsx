import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/forms.js';
import { LoadMoreButton, useLoadMore } from '../../components/LoadMore.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { DateTime } from '../groups/DateTime.js';
import { AdminNav } from './AdminNav.js';
import { congressesKey, useCongresses } from './admin-queries.js';
import { RequireAdmin } from './RequireAdmin.js';
import './admin.css';

/** /admin: the platform admin's start, the congresses of the kennisbank and a form for a new one. */
export function Component() {
  return (
    <RequireAdmin>
      <CongressesPage />
    </RequireAdmin>
  );
}

function CongressesPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.title'));
  return (
    <div className="admin-page">
      <Heading level={1}>{t('admin.title')}</Heading>
      <AdminNav />
      <CongressList />
      <CreateCongress />
    </div>
  );
}

function CongressList() {
  const { t } = useTranslation();
  const congresses = useCongresses();
  const { listRef, loadMore } = useLoadMore<HTMLTableSectionElement>(congresses.items.length, congresses.fetchNextPage);
  return (
    <section aria-labelledby="admin-congresses" className="admin-section">
      <Heading level={2} id="admin-congresses">
        {t('admin.congresses.title')}
      </Heading>
      {congresses.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      <QueryErrorAlert error={congresses.error} />
      {congresses.isSuccess && congresses.items.length === 0 && <Paragraph>{t('admin.congresses.none')}</Paragraph>}
      {congresses.items.length > 0 && (
        <div className="admin-table-scroll" role="region" aria-labelledby="admin-congresses" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.congresses.name')}</th>
                <th scope="col">{t('admin.congresses.slug')}</th>
                <th scope="col">{t('admin.congresses.year')}</th>
                <th scope="col">{t('admin.congresses.heldOn')}</th>
                <th scope="col">{t('admin.congresses.organizer')}</th>
                <th scope="col">{t('admin.congresses.contributions')}</th>
              </tr>
            </thead>
            <tbody ref={listRef}>
              {congresses.items.map((congress) => (
                <tr key={congress.slug}>
                  <th scope="row">{congress.name}</th>
                  <td>
                    <code>{congress.slug}</code>
                  </td>
                  <td>{congress.year}</td>
                  <td>{congress.heldOn ? <DateTime value={congress.heldOn} dateOnly /> : '—'}</td>
                  <td>{congress.organizer ?? '—'}</td>
                  <td>{congress.contributionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {congresses.hasNextPage && (
        <LoadMoreButton loading={congresses.isFetchingNextPage} onClick={loadMore}>
          {t('admin.congresses.more')}
        </LoadMoreButton>
      )}
    </section>
  );
}

const FIELDS = ['slug', 'name', 'year', 'heldOn', 'organizer'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The server's coded error per field: a validation line starts with the field it is about;
 * a taken slug (409 congress.slug_taken) belongs to the slug.
 */
function fieldErrors(error: ApiError | null): Partial<Record<Field, string>> {
  if (!error) return {};
  if (error.code === 'congress.slug_taken') return { slug: error.lines.join(' ') };
  if (error.code !== 'validation.failed') return {};
  const errors: Partial<Record<Field, string>> = {};
  for (const line of error.lines) {
    const field = FIELDS.find((name) => line.startsWith(`${name} `));
    if (field) errors[field] = errors[field] ? `${errors[field]}; ${line}` : line;
  }
  return errors;
}

function CreateCongress() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [year, setYear] = useState('');
  const [heldOn, setHeldOn] = useState('');
  const [organizer, setOrganizer] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/congresses', {
          body: {
            slug: slug.trim(),
            name,
            // Left out when empty and null when not a number: the server then names the field (validation.failed).
            year: (year.trim() === '' ? undefined : Number(year)) as number,
            heldOn: heldOn || undefined,
            organizer: organizer.trim() || undefined,
          },
        }),
      ),
    onSuccess: async () => {
      setSlug('');
      setName('');
      setYear('');
      setHeldOn('');
      setOrganizer('');
      await queryClient.invalidateQueries({ queryKey: congressesKey });
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const errors = fieldErrors(error);
  const { submit, changed } = formHandlers(create);
  return (
    <section aria-labelledby="admin-new-congress" className="admin-section">
      <Heading level={2} id="admin-new-congress">
        {t('admin.congresses.new')}
      </Heading>
      <form onSubmit={submit} noValidate className="admin-form">
        <TextField
          label={t('admin.congresses.name')}
          value={name}
          required
          maxLength={200}
          error={errors.name}
          onChange={(event) => changed(setName)(event.target.value)}
        />
        <TextField
          label={t('admin.congresses.slug')}
          description={t('admin.congresses.slugHint')}
          value={slug}
          required
          autoCapitalize="none"
          spellCheck={false}
          error={errors.slug}
          onChange={(event) => changed(setSlug)(event.target.value)}
        />
        <TextField
          label={t('admin.congresses.year')}
          inputMode="numeric"
          value={year}
          required
          error={errors.year}
          onChange={(event) => changed(setYear)(event.target.value)}
        />
        <TextField
          label={t('admin.congresses.heldOnOptional')}
          type="date"
          value={heldOn}
          error={errors.heldOn}
          onChange={(event) => changed(setHeldOn)(event.target.value)}
        />
        <TextField
          label={t('admin.congresses.organizerOptional')}
          autoComplete="organization"
          value={organizer}
          maxLength={200}
          error={errors.organizer}
          onChange={(event) => changed(setOrganizer)(event.target.value)}
        />
        <ErrorAlert error={error} />
        {create.error && !error && <QueryErrorAlert error={create.error} />}
        <Button type="submit" purpose="primary" busy={create.isPending}>
          {t('admin.congresses.create')}
        </Button>
        <p role="status" className="admin-status">
          {create.isSuccess ? t('admin.congresses.created', { name: create.data.name }) : ''}
        </p>
      </form>
    </section>
  );
}

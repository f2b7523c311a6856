import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { SelectField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { AdminNav } from './AdminNav.js';
import { digestRunsKey, useDigestRuns } from './admin-queries.js';
import { RequireAdmin } from './RequireAdmin.js';
import './admin.css';

/** /admin/digests: how the digest runs went, and sending a frequency's digest of this period now. */
export function Component() {
  return (
    <RequireAdmin>
      <DigestsPage />
    </RequireAdmin>
  );
}

function DigestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.digests.title'));
  return (
    <div className="admin-page">
      <Heading level={1}>{t('admin.digests.title')}</Heading>
      <AdminNav />
      <SendNow />
      <DigestRuns />
    </div>
  );
}

function SendNow() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [frequency, setFrequency] = useState<'weekly' | 'daily'>('weekly');
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/admin/digests/run', { body: { frequency } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: digestRunsKey }),
  });
  const { submit } = formHandlers(run);
  return (
    <section aria-labelledby="admin-send-now" className="admin-section">
      <Heading level={2} id="admin-send-now">
        {t('admin.digests.sendNow')}
      </Heading>
      <Paragraph>{t('admin.digests.sendNowIntro')}</Paragraph>
      <form onSubmit={submit} className="admin-form">
        <SelectField
          label={t('admin.digests.frequency')}
          value={frequency}
          onChange={(event) => {
            run.reset();
            setFrequency(event.target.value === 'daily' ? 'daily' : 'weekly');
          }}
        >
          <option value="weekly">{t('admin.digests.weekly')}</option>
          <option value="daily">{t('admin.digests.daily')}</option>
        </SelectField>
        <Button type="submit" purpose="primary" busy={run.isPending}>
          {t('admin.digests.send')}
        </Button>
        <p role="status" className="admin-status">
          {run.isSuccess ? t('admin.digests.enqueued', { count: run.data.enqueued, period: run.data.period }) : ''}
        </p>
        <QueryErrorAlert error={run.error} />
      </form>
    </section>
  );
}

function DigestRuns() {
  const { t } = useTranslation();
  const runs = useDigestRuns();
  return (
    <section aria-labelledby="admin-digest-runs" className="admin-section">
      <Heading level={2} id="admin-digest-runs">
        {t('admin.digests.runs')}
      </Heading>
      {runs.isPending && <Paragraph role="status">{t('app.loading')}</Paragraph>}
      <QueryErrorAlert error={runs.error} />
      {runs.isSuccess && runs.data.length === 0 && <Paragraph>{t('admin.digests.noRuns')}</Paragraph>}
      {runs.isSuccess && runs.data.length > 0 && (
        <div className="admin-table-scroll" role="region" aria-labelledby="admin-digest-runs" tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.digests.period')}</th>
                <th scope="col">{t('admin.digests.frequency')}</th>
                <th scope="col">{t('admin.digests.enqueuedColumn')}</th>
                <th scope="col">{t('admin.digests.sent')}</th>
                <th scope="col">{t('admin.digests.empty')}</th>
                <th scope="col">{t('admin.digests.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.map((row) => (
                <tr key={`${row.period}-${row.frequency}`}>
                  <th scope="row" className="admin-nowrap">
                    {row.period}
                  </th>
                  <td>{t(`admin.digests.${row.frequency === 'daily' ? 'daily' : 'weekly'}`)}</td>
                  <td>{row.enqueued}</td>
                  <td>{row.sent}</td>
                  <td>{row.empty}</td>
                  <td>{row.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

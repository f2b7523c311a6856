import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { apiErrorOf } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { CheckboxField, TextField } from '../../components/forms.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { QueryErrorAlert } from '../../components/QueryErrorAlert.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { formHandlers } from '../../components/form-mutation.js';
import { ACCOUNT_DELETED_STATE } from './notices.js';
import { type SessionUser, useSession } from './session.js';
import './account.css';

/**
 * /account: change password, change email address (verified by a mailed link first),
 * download my data, delete my account. Profile fields are edited on the profile (/u/:id).
 */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  return (
    <RequireLogin>
      <Heading level={1}>{t('account.title')}</Heading>
      <AccountSections />
    </RequireLogin>
  );
}

function AccountSections() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user) return null;
  return (
    <div className="account-page">
      <Paragraph>
        <AppLink to={`/u/${user.id}`}>{t('account.profileLink')}</AppLink>
      </Paragraph>
      <ChangePassword />
      <ChangeEmail user={user} />
      <ExportData />
      <DeleteAccount />
    </div>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
    },
  });
  const { submit, changed: edit } = formHandlers(change);
  return (
    <section aria-labelledby="account-password" className="account-section">
      <Heading level={2} id="account-password">
        {t('account.password')}
      </Heading>
      <form onSubmit={submit} noValidate className="account-form">
        <TextField
          label={t('account.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => edit(setCurrentPassword)(event.target.value)}
        />
        <TextField
          label={t('account.newPassword')}
          description={t('account.newPasswordHint')}
          type="password"
          autoComplete="new-password"
          minLength={10}
          value={newPassword}
          onChange={(event) => edit(setNewPassword)(event.target.value)}
        />
        <QueryErrorAlert error={change.error} />
        <div role="status">{change.isSuccess && <Paragraph>{t('account.passwordChanged')}</Paragraph>}</div>
        <Button type="submit" purpose="primary" busy={change.isPending}>
          {t('account.changePassword')}
        </Button>
      </form>
    </section>
  );
}

function ChangeEmail({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const change = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/me', { body: { email: email.trim(), currentPassword } })),
    onSuccess: async () => {
      setEmail('');
      setCurrentPassword('');
      await session.reload();
    },
  });
  const { submit, changed: edit } = formHandlers(change);
  return (
    <section aria-labelledby="account-email" className="account-section">
      <Heading level={2} id="account-email">
        {t('account.email')}
      </Heading>
      <Paragraph>{t('account.currentEmail', { email: user.email })}</Paragraph>
      <div role="status">
        {user.pendingEmail && <Paragraph className="account-pending">{t('account.pendingEmail', { email: user.pendingEmail })}</Paragraph>}
      </div>
      <form onSubmit={submit} noValidate className="account-form">
        <TextField
          label={t('account.newEmail')}
          description={t('account.newEmailHint')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(event) => edit(setEmail)(event.target.value)}
        />
        <TextField
          label={t('account.currentPasswordForEmail')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => edit(setCurrentPassword)(event.target.value)}
        />
        <QueryErrorAlert error={change.error} />
        <Button type="submit" purpose="primary" busy={change.isPending}>
          {t('account.changeEmail')}
        </Button>
      </form>
    </section>
  );
}

/** The file name the server gives in Content-Disposition, else a sensible one. */
function fileNameOf(response: Response): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'kennisplein-export.json';
}

type ExportFormat = 'json' | 'zip';

/**
 * GET /me/export needs the access token, which a plain link cannot carry: the client
 * fetches it and hands the browser the bytes as a download under the server's file name.
 * The zip holds the same JSON and the contents of one's files.
 */
function ExportData() {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: async (format: ExportFormat) => {
      const { data, error, response } = await api.GET('/api/v1/me/export', { params: { query: { format } }, parseAs: 'blob' });
      if (!response.ok || !data) throw apiErrorOf(response, error);
      const name = fileNameOf(response);
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      // After the click has handed the bytes to the browser.
      setTimeout(() => URL.revokeObjectURL(url), 0);
      return name;
    },
  });
  return (
    <section aria-labelledby="account-export" className="account-section">
      <Heading level={2} id="account-export">
        {t('account.export')}
      </Heading>
      <Paragraph>{t('account.exportIntro')}</Paragraph>
      <div className="account-actions">
        {(['json', 'zip'] as const).map((format) => (
          <Button
            key={format}
            purpose="secondary"
            busy={download.isPending && download.variables === format}
            onClick={() => !download.isPending && download.mutate(format)}
          >
            {t(format === 'json' ? 'account.exportButton' : 'account.exportZipButton')}
          </Button>
        ))}
      </div>
      <QueryErrorAlert error={download.error} />
      <div role="status">{download.data && <Paragraph>{t('account.exported', { name: download.data })}</Paragraph>}</div>
    </section>
  );
}

/** What DELETE /me erases and what stays (the libs' erasure: see each lib's *-personal-data.ts). */
const GOES = ['goesProfile', 'goesMemberships', 'goesSessions', 'goesNotifications'] as const;
const STAYS = ['staysMessages', 'staysContent', 'staysAuthorships', 'staysGroups'] as const;

function DeleteAccount() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const confirmation = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) confirmation.current?.querySelector('input')?.focus();
  }, [asking]);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/me')),
    onSuccess: async () => {
      // Home first: this page requires a login and would send the logged-out reader to the login page.
      await navigate('/', { state: ACCOUNT_DELETED_STATE });
      await session.logOut().catch(() => undefined);
    },
  });
  return (
    <section aria-labelledby="account-delete" className="account-section">
      <Heading level={2} id="account-delete">
        {t('account.delete')}
      </Heading>
      <Paragraph>{t('account.deleteIntro')}</Paragraph>
      {!asking ? (
        <Button id="account-delete-start" purpose="secondary" hint="negative" onClick={() => setAsking(true)}>
          {t('account.deleteStart')}
        </Button>
      ) : (
        <div ref={confirmation} role="group" aria-labelledby="account-delete-question" className="account-confirm">
          <Heading level={3} id="account-delete-question">
            {t('account.deleteQuestion')}
          </Heading>
          <Paragraph>{t('account.goes')}</Paragraph>
          <ul>
            {GOES.map((key) => (
              <li key={key}>{t(`account.${key}`)}</li>
            ))}
          </ul>
          <Paragraph>{t('account.stays')}</Paragraph>
          <ul>
            {STAYS.map((key) => (
              <li key={key}>{t(`account.${key}`)}</li>
            ))}
          </ul>
          <Paragraph>{t('account.exportFirst')}</Paragraph>
          <CheckboxField label={t('account.deleteUnderstood')} checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
          <QueryErrorAlert error={remove.error} />
          <div className="account-actions">
            <Button
              purpose="primary"
              hint="negative"
              disabled={!understood}
              busy={remove.isPending}
              onClick={() => understood && !remove.isPending && remove.mutate()}
            >
              {t('account.deleteConfirm')}
            </Button>
            <Button
              purpose="secondary"
              onClick={() => {
                setAsking(false);
                setUnderstood(false);
                // Back to the button that asked, once it is there again.
                requestAnimationFrame(() => document.getElementById('account-delete-start')?.focus());
              }}
            >
              {t('account.cancel')}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

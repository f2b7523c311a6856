import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, postJson } from '../../api/errors.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';

/** The landing of a reset mail's link: choose the new password (at least 10 characters). */
export function ResetPasswordPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('resetPassword.title'));
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await postJson('/auth/password/reset', { token: params.get('token') ?? '', password }, i18n.language);
      setDone(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, 'common.internal', [t('errors.unexpected')]));
    }
  };

  return (
    <>
      <Heading level={1}>{t('resetPassword.heading')}</Heading>
      <div role="status">{done && <p>{t('resetPassword.done')}</p>}</div>
      {done ? (
        <p>
          <Link to="/">{t('notFound.back')}</Link>
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
          <TextField
            label={t('resetPassword.password')}
            description={t('resetPassword.hint')}
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {error && (
            <div role="alert" className="utrecht-alert utrecht-alert--error">
              {error.code === 'token.expired' || error.code === 'token.spent' ? (
                <p>
                  {t(`resetPassword.${error.code.slice(6)}`)} <Link to="/forgot-password">{t('resetPassword.askAgain')}</Link>
                </p>
              ) : (
                error.lines.map((line) => <p key={line}>{line}</p>)
              )}
            </div>
          )}
          <Button type="submit" purpose="primary">
            {t('resetPassword.submit')}
          </Button>
        </form>
      )}
    </>
  );
}

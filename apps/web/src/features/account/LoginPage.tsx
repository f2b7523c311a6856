import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from './session.js';

/** Log in with email and password (password managers and paste welcome). */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('login.title'));
  const session = useSession();
  const navigate = useNavigate();
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await session.logIn(email, password, i18n.language);
      void navigate('/');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, 'common.internal', [t('errors.unexpected')]));
    }
  };

  return (
    <>
      <h1>{t('login.heading')}</h1>
      <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
        <label htmlFor={emailId}>{t('login.email')}</label>
        <input id={emailId} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <label htmlFor={passwordId}>{t('login.password')}</label>
        <input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        <ErrorAlert error={error} />
        <button type="submit">{t('login.submit')}</button>
      </form>
      <p>
        <Link to="/forgot-password">{t('login.forgot')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to="/register">{t('login.register')}</Link>
      </p>
    </>
  );
}

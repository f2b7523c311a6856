import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from './session.js';

/** A new account: logged in at once; the address counts once the mailed link is followed. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('register.title'));
  const session = useSession();
  const nameId = useId();
  const emailId = useId();
  const passwordId = useId();
  const hintId = useId();
  const [input, setInput] = useState({ displayName: '', email: '', password: '' });
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const field = (name: keyof typeof input) => ({
    value: input[name],
    onChange: (event: { target: { value: string } }) => setInput((current) => ({ ...current, [name]: event.target.value })),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await session.register(input, i18n.language);
      setDone(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, 'common.internal', [t('errors.unexpected')]));
    }
  };

  return (
    <>
      <h1>{t('register.heading')}</h1>
      <div role="status">{done && <p>{t('register.done', { email: input.email })}</p>}</div>
      {!done && (
        <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
          <label htmlFor={nameId}>{t('register.displayName')}</label>
          <input id={nameId} autoComplete="name" required {...field('displayName')} />
          <label htmlFor={emailId}>{t('register.email')}</label>
          <input id={emailId} type="email" autoComplete="email" required {...field('email')} />
          <label htmlFor={passwordId}>{t('register.password')}</label>
          <p id={hintId} className="hint">
            {t('register.hint')}
          </p>
          <input id={passwordId} type="password" autoComplete="new-password" aria-describedby={hintId} required minLength={10} {...field('password')} />
          <ErrorAlert error={error} />
          <button type="submit">{t('register.submit')}</button>
        </form>
      )}
      {!done && (
        <p>
          {t('register.haveAccount')} <Link to="/login">{t('register.login')}</Link>
        </p>
      )}
    </>
  );
}

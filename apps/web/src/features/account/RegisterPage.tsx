import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { safeReturnTo } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from './session.js';

/** A new account: logged in at once; the address counts once the mailed link is followed. */
export function RegisterPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('register.title'));
  const session = useSession();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
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
      <Heading level={1}>{t('register.heading')}</Heading>
      <div role="status">{done && <p>{t('register.done', { email: input.email })}</p>}</div>
      {done && returnTo !== '/' && (
        <p>
          <AppLink to={returnTo}>{t('register.continue')}</AppLink>
        </p>
      )}
      {!done && (
        <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
          <TextField label={t('register.displayName')} autoComplete="name" required {...field('displayName')} />
          <TextField label={t('register.email')} type="email" autoComplete="email" required {...field('email')} />
          <TextField
            label={t('register.password')}
            description={t('register.hint')}
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            {...field('password')}
          />
          <ErrorAlert error={error} />
          <Button type="submit" purpose="primary">
            {t('register.submit')}
          </Button>
        </form>
      )}
      {!done && (
        <p>
          {t('register.haveAccount')} <AppLink to={returnTo === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(returnTo)}`}>{t('register.login')}</AppLink>
        </p>
      )}
    </>
  );
}

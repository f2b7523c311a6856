import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { safeReturnTo } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useSession } from './session.js';

/** Log in with email and password (password managers and paste welcome), then back to where the reader came from. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('login.title'));
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const providers = useQuery({ queryKey: ['auth', 'providers'], queryFn: () => unwrap(api.GET('/api/v1/auth/providers')), staleTime: Infinity });
  const institution = providers.data?.oidc;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await session.logIn(email, password, i18n.language);
      void navigate(returnTo, { replace: true });
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, 'common.internal', [t('errors.unexpected')]));
    }
  };

  const registerPath = returnTo === '/' ? '/register' : `/register?returnTo=${encodeURIComponent(returnTo)}`;
  return (
    <>
      <Heading level={1}>{t('login.heading')}</Heading>
      <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
        <TextField label={t('login.email')} type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        <TextField
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorAlert error={error} />
        <Button type="submit" purpose="primary">
          {t('login.submit')}
        </Button>
      </form>
      {institution && (
        <section aria-labelledby="institution-heading" className="institution-sign-in">
          <Heading level={2} id="institution-heading">
            {t('login.institutionHeading')}
          </Heading>
          {/* A top-level navigation: the institution's sign-in page, then back to returnTo. */}
          <a className="nl-button nl-button--secondary" href={`${institution.startUrl}?returnTo=${encodeURIComponent(returnTo)}`}>
            {t('login.institution', { name: institution.name })}
          </a>
        </section>
      )}
      <p>
        <AppLink to="/forgot-password">{t('login.forgot')}</AppLink>
      </p>
      <p>
        {t('login.noAccount')} <AppLink to={registerPath}>{t('login.register')}</AppLink>
      </p>
    </>
  );
}

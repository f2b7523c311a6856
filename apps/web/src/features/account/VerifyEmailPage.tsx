import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, postJson } from '../../api/errors.js';
import { Heading } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';

/** One request per token, however often the effect runs (React runs it twice in development). */
const verifications = new Map<string, Promise<{ user: { email: string } }>>();

type Outcome = { state: 'busy' } | { state: 'verified'; email: string } | { state: 'failed'; code: string };

/** The landing of a verification mail's link: it confirms the address at once. */
export function VerifyEmailPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('verifyEmail.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [outcome, setOutcome] = useState<Outcome>({ state: 'busy' });

  useEffect(() => {
    let current = true;
    if (!verifications.has(token)) verifications.set(token, postJson('/auth/verify-email', { token }, i18n.language));
    verifications
      .get(token)!
      .then(({ user }) => current && setOutcome({ state: 'verified', email: user.email }))
      .catch((error: unknown) => current && setOutcome({ state: 'failed', code: error instanceof ApiError ? error.code : 'common.internal' }));
    return () => {
      current = false;
    };
  }, [token, i18n.language]);

  return (
    <>
      <Heading level={1}>{t('verifyEmail.heading')}</Heading>
      <div role="status">
        {outcome.state === 'busy' && <p>{t('verifyEmail.busy')}</p>}
        {outcome.state === 'verified' && <p>{t('verifyEmail.verified', { email: outcome.email })}</p>}
      </div>
      {outcome.state === 'failed' && (
        <div role="alert">
          <p>{t(`verifyEmail.failed.${outcome.code === 'token.spent' || outcome.code === 'token.expired' ? outcome.code.slice(6) : 'other'}`)}</p>
        </div>
      )}
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </>
  );
}

import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, postJson } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { TextField } from '../../components/forms.js';
import { Button, Heading } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('forgotPassword.title'));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await postJson('/auth/password/forgot', { email }, i18n.language);
      setSent(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(500, 'common.internal', [t('errors.unexpected')]));
    }
  };

  return (
    <>
      <Heading level={1}>{t('forgotPassword.heading')}</Heading>
      <div role="status">{sent && <p>{t('forgotPassword.sent', { email })}</p>}</div>
      {!sent && (
        <form onSubmit={(event) => void submit(event)} noValidate className="stacked-form">
          <p>{t('forgotPassword.intro')}</p>
          <TextField label={t('forgotPassword.email')} type="email" autoComplete="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
          <ErrorAlert error={error} />
          <Button type="submit" purpose="primary">
            {t('forgotPassword.submit')}
          </Button>
        </form>
      )}
    </>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { usePageTitle } from '../../components/usePageTitle.js';

/**
 * The digest mail's unsubscribe link lands here. Opening it changes nothing (mail scanners
 * open links); the button does: POST /digests/unsubscribe with the link's token. No login needed.
 */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.unsubscribe.title'));
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const unsubscribe = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/digests/unsubscribe', { params: { query: { token } }, headers: { accept: 'application/json' } })),
  });
  return (
    <>
      <Heading level={1}>{t('notifications.unsubscribe.heading')}</Heading>
      <div role="status">{unsubscribe.isSuccess && <Paragraph>{t('notifications.unsubscribe.done')}</Paragraph>}</div>
      {unsubscribe.isSuccess ? (
        <Paragraph>
          {t('notifications.unsubscribe.settings')} <AppLink to="/settings">{t('notifications.unsubscribe.settingsLink')}</AppLink>
        </Paragraph>
      ) : (
        <>
          <Paragraph>{t('notifications.unsubscribe.intro')}</Paragraph>
          <ErrorAlert error={unsubscribe.error instanceof ApiError ? unsubscribe.error : null} />
          <Button
            purpose="primary"
            busy={unsubscribe.isPending}
            onClick={() => {
              if (!unsubscribe.isPending) unsubscribe.mutate();
            }}
          >
            {t('notifications.unsubscribe.submit')}
          </Button>
        </>
      )}
    </>
  );
}

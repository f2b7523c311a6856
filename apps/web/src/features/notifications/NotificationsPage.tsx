import './notifications.css';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, Heading, Paragraph } from '../../components/nl-design-system.js';
import { RequireLogin } from '../../components/RequireLogin.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { MarkAllReadButton, NotificationList } from './NotificationList.js';
import { useAllNotifications, useUnreadCount } from './notifications-api.js';

/** /notifications: all my notifications, newest first, a page at a time; mark all read. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.title'));
  return (
    <RequireLogin>
      <Notifications />
    </RequireLogin>
  );
}

function Notifications() {
  const { t } = useTranslation();
  const all = useAllNotifications();
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const items = all.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <Heading level={1}>{t('notifications.heading')}</Heading>
      <div className="notifications-page__tools">
        {unread.isSuccess && <Paragraph>{t('notifications.unreadCount', { count })}</Paragraph>}
        <MarkAllReadButton unread={count} purpose="secondary">
          {t('notifications.markAllReadLong')}
        </MarkAllReadButton>
      </div>
      <ErrorAlert error={all.error instanceof ApiError ? all.error : null} />
      {all.isPending && <p role="status">{t('app.loading')}</p>}
      {all.isSuccess && (items.length === 0 ? <Paragraph>{t('notifications.none')}</Paragraph> : <NotificationList items={items} />)}
      {all.hasNextPage && (
        <Button purpose="secondary" busy={all.isFetchingNextPage} onClick={() => void all.fetchNextPage()}>
          {t('notifications.loadMore')}
        </Button>
      )}
    </>
  );
}

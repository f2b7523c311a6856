import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink.js';
import { Button } from '../../components/nl-design-system.js';
import { useSession } from '../account/session.js';
import { useTimeZone } from '../settings/settings-api.js';
import { type Notification, snapshotOf, useMarkAllRead, useMarkRead } from './notifications-api.js';

/** One line for a notification: who did what, and to what ("Mats schreef een bericht: Overleg"). */
export function describeNotification(notification: Notification, t: TFunction): string {
  const { verb, actor } = notification.activity;
  const what = t([`notifications.verbs.${verb.replace('.', '_')}`, 'notifications.verbs.other'], { actor: actor?.displayName ?? t('notifications.someone') });
  const { title } = snapshotOf(notification);
  return title ? `${what}: ${title}` : what;
}

/**
 * Notifications, newest first, each a link to where it happened. Opening one marks it
 * read; unread ones say so in words, not by colour alone.
 */
export function NotificationList({ items, onOpen }: { items: Notification[]; onOpen?: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const timeZone = useTimeZone(!!session.user);
  const markRead = useMarkRead();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return (
    <ul className="notification-list">
      {items.map((notification) => {
        const unread = notification.readAt === null;
        const { link, excerpt } = snapshotOf(notification);
        return (
          <li key={notification.id} className={unread ? 'notification-item notification-item--unread' : 'notification-item'}>
            <AppLink
              to={link}
              onClick={() => {
                if (unread) markRead.mutate([notification.id]);
                onOpen?.();
              }}
            >
              {describeNotification(notification, t)}
            </AppLink>
            {excerpt && <span className="notification-item__excerpt">{excerpt}</span>}
            <span className="notification-item__meta">
              {unread && <span className="notification-item__unread">{t('notifications.unread')}</span>}
              <time dateTime={notification.createdAt}>{format.format(new Date(notification.createdAt))}</time>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** Marks every unread notification read; disabled (still focusable, aria-disabled) while none is unread. */
export function MarkAllReadButton({ unread, purpose, children }: { unread: number; purpose: 'secondary' | 'subtle'; children: ReactNode }) {
  const markAll = useMarkAllRead();
  const idle = unread === 0 || markAll.isPending;
  return (
    <Button
      purpose={purpose}
      disabled={idle}
      onClick={() => {
        if (!idle) markAll.mutate();
      }}
    >
      {children}
    </Button>
  );
}

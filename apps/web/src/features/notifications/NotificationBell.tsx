import './notifications.css';
import { type KeyboardEvent, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.js';
import { AppLink } from '../../components/AppLink.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Button, NumberBadge } from '../../components/nl-design-system.js';
import { describeNotification, MarkAllReadButton, NotificationList } from './NotificationList.js';
import { type Notification, useRecentNotifications, useUnreadCount } from './notifications-api.js';
import { useLiveNotifications } from './useLiveNotifications.js';

/** How long arrivals are gathered before one polite announcement (a burst is announced once). */
const ANNOUNCE_AFTER_MS = 1500;

function BellIcon() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24" className="notification-bell__icon">
      <path
        fill="currentColor"
        d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
      />
    </svg>
  );
}

/**
 * The bell in the header: the live unread count on an icon button named with it, and a
 * disclosure panel with the newest notifications. The panel traps nothing: Tab leaves it
 * (and closes it, so it never covers the focus), Escape closes it and returns to the bell.
 * New notifications are announced politely, a burst once.
 */
export default function NotificationBell({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = useUnreadCount();
  const recent = useRecentNotifications(open);

  const arrivals = useRef<Notification[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const arrived = useCallback(
    (notification: Notification) => {
      arrivals.current.push(notification);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => {
        const batch = arrivals.current.splice(0);
        setAnnouncement(
          batch.length === 1 ? t('notifications.announceOne', { text: describeNotification(batch[0], t) }) : t('notifications.announceMany', { count: batch.length }),
        );
      }, ANNOUNCE_AFTER_MS);
    },
    [t],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useLiveNotifications(userId, arrived);

  // A click outside closes the panel (focus that leaves it does too, below).
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  // Never past the left edge of a narrow screen: the panel hangs from the bell's end.
  useLayoutEffect(() => {
    const element = panel.current;
    if (!open || !element) return;
    element.style.removeProperty('--notification-panel-shift');
    const overflow = element.getBoundingClientRect().left - 8;
    if (overflow < 0) element.style.setProperty('--notification-panel-shift', `${-overflow}px`);
  }, [open]);

  const closeAndReturn = () => {
    setOpen(false);
    button.current?.focus();
  };
  const keyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      closeAndReturn();
    }
  };

  const count = unread.data?.count ?? 0;
  const label = t('notifications.bellLabel', { count });
  const items = recent.data?.items ?? [];
  return (
    <div
      ref={wrapper}
      className="notification-bell"
      onKeyDown={keyDown}
      onBlur={(event) => {
        if (open && event.relatedTarget && !wrapper.current?.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <Button
        ref={button}
        purpose="secondary"
        className="notification-bell__button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        <BellIcon />
        {count > 0 && (
          <span aria-hidden="true" className="notification-bell__badge">
            <NumberBadge value={count}>{count > 99 ? '99+' : count}</NumberBadge>
          </span>
        )}
      </Button>
      <div ref={panel} id={panelId} className="notification-panel" role="region" aria-label={t('notifications.panelLabel')} hidden={!open}>
        <div className="notification-panel__bar">
          <AppLink to="/notifications" onClick={() => setOpen(false)}>
            {t('notifications.showAll')}
          </AppLink>
          <MarkAllReadButton unread={count} purpose="subtle">
            {t('notifications.markAllRead')}
          </MarkAllReadButton>
        </div>
        {open && recent.isPending && <p>{t('app.loading')}</p>}
        <ErrorAlert error={recent.error instanceof ApiError ? recent.error : null} />
        {recent.isSuccess && (items.length === 0 ? <p>{t('notifications.none')}</p> : <NotificationList items={items} onOpen={() => setOpen(false)} />)}
      </div>
      <div role="status" className="notification-bell__announcer">
        {announcement}
      </div>
    </div>
  );
}

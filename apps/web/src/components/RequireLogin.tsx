import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../features/account/session.js';

/** The login page's link back: only a path of this site (never `//elsewhere`). */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/** Where a login should lead back to: the page (with its query and #anchor) the reader was on. */
export function loginPathFor(location: { pathname: string; search: string; hash: string }): string {
  return `/login?returnTo=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

/** A page for logged-in readers: others go to the login first and come back here afterwards. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (session.user === undefined) return <p role="status">{t('app.loading')}</p>;
  if (session.user === null) return <Navigate to={loginPathFor(location)} replace />;
  return children;
}

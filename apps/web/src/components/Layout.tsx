import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';
import { useSession } from '../features/account/session.js';
import { AppLink } from './AppLink.js';
import { Button, SkipLink } from './nl-design-system.js';

/** The bell loads on its own (with the notifications socket), after the page. */
const NotificationBell = lazy(() => import('../features/notifications/NotificationBell.js'));

/** Every page: a skip link, the header with the main menu, the page in <main>, a footer. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'nl' : 'en';
  const session = useSession();
  const navigate = useNavigate();
  const logOut = async () => {
    await session.logOut();
    void navigate('/');
  };
  return (
    <>
      <SkipLink href="#content">{t('app.skipToContent')}</SkipLink>
      <header className="site-header">
        <AppLink to="/" className="site-name">
          {t('app.name')}
        </AppLink>
        <nav aria-label={t('app.mainNavigation')}>
          <ul>
            <li>
              <AppLink to="/">{t('app.home')}</AppLink>
            </li>
            <li>
              <AppLink to="/search">{t('app.search')}</AppLink>
            </li>
            <li>
              <AppLink to="/s">{t('app.sites')}</AppLink>
            </li>
            {session.user && (
              // The account page is reached from the settings and from one's own profile (the
              // name beside the bell): one more menu item would wrap the header at 1280 px.
              <li>
                <AppLink to="/settings">{t('app.settings')}</AppLink>
              </li>
            )}
            {session.user?.isAdmin && (
              <li>
                <AppLink to="/admin">{t('app.admin')}</AppLink>
              </li>
            )}
            {session.user === null && (
              <>
                <li>
                  <AppLink to="/login">{t('app.login')}</AppLink>
                </li>
                <li>
                  <AppLink to="/register">{t('app.register')}</AppLink>
                </li>
              </>
            )}
          </ul>
        </nav>
        <div className="header-tools">
          {session.user && (
            <Suspense fallback={null}>
              <NotificationBell userId={session.user.id} />
            </Suspense>
          )}
          {session.user && (
            <div className="session">
              {/* The name leads to one's own public profile, as on Pleio and Discourse. */}
              <AppLink to={`/u/${session.user.id}`}>{t('app.loggedInAs', { name: session.user.displayName })}</AppLink>
              <Button purpose="secondary" onClick={() => void logOut()}>
                {t('app.logout')}
              </Button>
            </div>
          )}
          <Button purpose="secondary" lang={other} onClick={() => void i18n.changeLanguage(other)}>
            {t('app.switchLanguage')}
          </Button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.tagline')}</p>
        <nav aria-label={t('app.footerNavigation')}>
          <ul>
            <li>
              <AppLink to="/toegankelijkheid">{t('app.accessibility')}</AppLink>
            </li>
          </ul>
        </nav>
      </footer>
    </>
  );
}

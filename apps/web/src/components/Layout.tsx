import { useTranslation } from 'react-i18next';
import { Link, Outlet, useNavigate } from 'react-router';
import { useSession } from '../features/account/session.js';

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
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <Link to="/" className="site-name">
          {t('app.name')}
        </Link>
        <nav aria-label={t('app.mainNavigation')}>
          <ul>
            <li>
              <Link to="/">{t('app.home')}</Link>
            </li>
            {session.user === null && (
              <>
                <li>
                  <Link to="/login">{t('app.login')}</Link>
                </li>
                <li>
                  <Link to="/register">{t('app.register')}</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
        {session.user && (
          <div className="session">
            <span>{t('app.loggedInAs', { name: session.user.displayName })}</span>
            <button type="button" onClick={() => void logOut()}>
              {t('app.logout')}
            </button>
          </div>
        )}
        <button type="button" className="language-switch" lang={other} onClick={() => void i18n.changeLanguage(other)}>
          {t('app.switchLanguage')}
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.tagline')}</p>
      </footer>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';

/** Every page: a skip link, the header with the main menu, the page in <main>, a footer. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'nl' : 'en';
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
          </ul>
        </nav>
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

import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { AppLink } from '../../components/AppLink.js';

const SECTIONS = [
  { to: '/admin', key: 'congresses' },
  { to: '/admin/import', key: 'import' },
  { to: '/admin/digests', key: 'digests' },
] as const;

/** The administration's own menu: its three pages, the current one marked for screen readers too. */
export function AdminNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('admin.navigation')} className="admin-nav">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <AppLink to={section.to} aria-current={pathname === section.to ? 'page' : undefined}>
              {t(`admin.nav.${section.key}`)}
            </AppLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../components/usePageTitle.js';

/** Placeholder until the page is built. */
export function Component() {
  const { t } = useTranslation();
  usePageTitle(t('app.name'));
  return <h1>{t('app.name')}</h1>;
}

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Every page has a title of its own: "<page> · Kennisplein". */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    const name = t('app.name');
    document.title = title === name ? name : `${title} · ${name}`;
  }, [title, t]);
}

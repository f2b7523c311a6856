import { useTranslation } from 'react-i18next';

/** A moment in the reader's language and time zone (Intl), machine-readable in <time>. */
export function DateTime({ value, dateOnly = false }: { value: string; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, dateOnly ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'short' });
  return <time dateTime={value}>{format.format(new Date(value))}</time>;
}

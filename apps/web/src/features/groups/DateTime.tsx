import { useTranslation } from 'react-i18next';
import { useSession } from '../account/session.js';
import { useTimeZone } from '../settings/settings-api.js';

/** A moment in the reader's language and time zone (their setting, else the browser's), machine-readable in <time>. */
export function DateTime({ value, dateOnly = false }: { value: string; dateOnly?: boolean }) {
  const { i18n } = useTranslation();
  const session = useSession();
  const timeZone = useTimeZone(!!session.user);
  const format = new Intl.DateTimeFormat(i18n.language, dateOnly ? { dateStyle: 'long', timeZone } : { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return <time dateTime={value}>{format.format(new Date(value))}</time>;
}

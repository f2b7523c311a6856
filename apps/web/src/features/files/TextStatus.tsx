import { useTranslation } from 'react-i18next';

/** Whether a file's text is searchable yet (PDFs and text files): said in words, not by an icon alone. */
export function TextStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = ['pending', 'done', 'failed', 'none'].includes(status) ? status : 'none';
  return <span className={`text-status text-status--${known}`}>{t(`files.textStatus.${known}`)}</span>;
}

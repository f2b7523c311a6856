import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/errors.js';

/**
 * The server's coded error, as the lines it gave (validation: one per field), announced at
 * once; a 429 adds when to try again (its Retry-After).
 */
export function ErrorAlert({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div role="alert" className="utrecht-alert utrecht-alert--error" data-code={error.code}>
      <div className="utrecht-alert__content">
        {error.lines.map((line) => (
          <p key={line} className="utrecht-alert__message">
            {line}
          </p>
        ))}
        {error.retryAfterSeconds !== undefined && <p className="utrecht-alert__message">{t('errors.retryAfter', { count: error.retryAfterSeconds })}</p>}
      </div>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * The error of a query or mutation as ErrorAlert shows it: the server's coded error as it
 * is; a request that never reached the server (fetch's TypeError) says there is no
 * connection; anything else is unexpected.
 */
export function QueryErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError) return <ErrorAlert error={error} />;
  const offline = error instanceof TypeError;
  return <ErrorAlert error={new ApiError(0, offline ? 'common.offline' : 'common.internal', [t(offline ? 'errors.offline' : 'errors.unexpected')])} />;
}

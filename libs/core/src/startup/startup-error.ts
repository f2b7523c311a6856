/**
 * An error at start-up that is the operator's to fix (a service down, bad configuration).
 * The apps print its message as one line and exit, without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** The URL without its password, fit for a log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const HOW_TO_START = {
  PostgreSQL:
    'start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`, or `docker compose -f docker/compose.yml up -d postgres`) or set DATABASE_URL',
  Redis:
    'start it (e.g. `redis-server --daemonize yes`, or `docker compose -f docker/compose.yml up -d redis`) or set REDIS_URL',
} as const;

export function serviceDown(service: keyof typeof HOW_TO_START, url: string, cause: unknown): StartupError {
  const reason = describeCause(cause);
  return new StartupError(`${service} does not answer at ${redactUrl(url)} (${reason}): ${HOW_TO_START[service]}.`);
}

function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) return describeCause(cause.errors[0]);
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code ?? cause.message;
  }
  return String(cause);
}

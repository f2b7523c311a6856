import { plainToInstance, Transform } from 'class-transformer';
import { redactUrl } from '../startup/startup-error.js';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

const DEV_JWT_SECRET = 'kennisplein-local-development-secret-not-for-production';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lowered)) return true;
  if (['false', '0', 'no'].includes(lowered)) return false;
  return value;
};

/**
 * Every setting of the platform, read from environment variables and validated at start-up.
 * Defaults are for local work (API.md); production must set JWT_SECRET.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kennisplein';

  /** Connections each process keeps to PostgreSQL. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Prefix of every Redis key and channel (queues, socket.io, pub/sub, rate limits). Unset:
   * `kennisplein:<database name>`, so installs on one Redis with databases of their own never
   * share anything (see redisPrefixOf).
   */
  @ValidateIf((config: AppConfig) => config.REDIS_PREFIX !== '')
  @Matches(/^[a-zA-Z0-9:_-]{1,64}$/)
  REDIS_PREFIX = '';

  @ValidateIf((config: AppConfig) => config.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string = undefined;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** A login ends this many days after it began, however often it was refreshed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  SESSION_MAX_DAYS = 90;

  /**
   * Wrong passwords for one address from one client IP before each further attempt waits
   * a doubling delay (1 s, 2 s, … up to LOGIN_WINDOW_SECONDS); a success resets it. Also the
   * failures of an address from all clients before LOGIN_EMAIL_SLOWDOWN_MS applies.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_EMAIL = 10;

  /** Failed logins allowed per client IP (whatever the address) within LOGIN_WINDOW_SECONDS; successes never count. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 100;

  /** How much later every login of an address under attack (from any client) is answered: slowed, never refused. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  LOGIN_EMAIL_SLOWDOWN_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** New accounts one client IP may register within REGISTER_WINDOW_SECONDS, then 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTER_MAX_PER_IP = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTER_WINDOW_SECONDS = 3600;

  /** How long the link of a verification mail stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  EMAIL_VERIFICATION_TTL_HOURS = 48;

  /** How long the link of a password-reset mail stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 30;

  /** Verification and reset mails per account (or address) per hour; more are refused or, for a reset, silently not sent. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ACCOUNT_MAILS_PER_HOUR = 5;

  /** Institution sign-in (OpenID Connect, e.g. SURFconext or eduID): the issuer's URL; unset: off. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  OIDC_ISSUER?: string = undefined;

  @ValidateIf((config: AppConfig) => config.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_ID must be set when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_ID?: string = undefined;

  @ValidateIf((config: AppConfig) => config.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_SECRET must be set when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string = undefined;

  /** The name on the sign-in button, e.g. SURFconext. */
  @IsString()
  @MinLength(1)
  OIDC_NAME = 'SURFconext';

  /** argon2id memory cost in KiB (OWASP: 19 MiB with 2 iterations). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  PASSWORD_HASH_MEMORY_KIB = 19_456;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  PASSWORD_HASH_ITERATIONS = 2;

  @IsString()
  FILES_DIR = './.files';

  /** Largest file one upload may be; larger answers 413 and leaves nothing behind. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  FILES_MAX_BYTES = 100 * 1024 * 1024;

  /**
   * clamd, to scan every upload before it is kept (tcp://host:port or unix:///path/to/clamd.ctl);
   * unset: no scanning.
   */
  @IsOptional()
  @Matches(/^(tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}|tcp:\/\/\[[0-9a-fA-F:]+\]:\d{1,5}|unix:\/\/\/\S+)$/, {
    message: 'CLAMAV_URL must be tcp://host:port or unix:///path/to/socket',
  })
  CLAMAV_URL?: string = undefined;

  /** How long clamd may stay silent during a scan before the upload answers 503. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  CLAMAV_TIMEOUT_SECONDS = 60;

  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string = undefined;

  /** Largest JSON or form body of any route (multipart uploads have their own limits); more answers 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_MAX_BYTES = 1024 * 1024;

  /** Object keys and array items one JSON body, form body, query or socket payload may hold; more answers 400. */
  @Transform(toInt)
  @IsInt()
  @Min(16)
  BODY_MAX_KEYS = 1000;

  /** How deep objects and arrays may nest in a JSON body or socket payload; deeper answers 400. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  BODY_MAX_DEPTH = 32;

  /** Searches (the kennisbank's, and lists asked with `q`) per account, or client address, per SEARCH_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SEARCH_RATE_LIMIT = 120;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SEARCH_RATE_WINDOW_SECONDS = 60;

  /** Uploads (files, logos, kennisbank imports) per account, or client address, per UPLOAD_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_LIMIT = 200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_WINDOW_SECONDS = 600;

  /** How long an invitation to a group stays valid. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  INVITE_TTL_DAYS = 14;

  /** Invitations one user may send per hour. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  INVITES_PER_HOUR = 50;

  /**
   * Posts (messages over HTTP or any socket, new threads, feedback) one user may make per
   * POSTS_PER_USER_WINDOW_SECONDS, counted together on every instance; then 429 common.too_many_posts.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  POSTS_PER_USER_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  POSTS_PER_USER_WINDOW_SECONDS = 10;

  /** Messages one socket may send per SOCKET_MESSAGE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_MESSAGE_LIMIT = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_MESSAGE_WINDOW_SECONDS = 10;

  /** Largest document a kennisbank import accepts; a larger one is listed under `failed`. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024;

  /** Documents one import request may carry. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IMPORT_MAX_FILES = 500;

  /** All documents of one import request together (they are held until the import runs): more answers 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_REQUEST_BYTES = 200 * 1024 * 1024;

  /**
   * Kennisbank documents the api imports when it starts on an empty kennisbank, so a
   * newcomer sees a living one at once. Empty: import nothing.
   */
  @IsString()
  SAMPLE_DOCUMENTS_DIR = 'libs/kennisbank/samples';

  /** The built web client (apps/web), served at `/`. */
  @IsString()
  WEB_DIR = 'dist/web';

  /** With no SMTP_URL, mails are written here as .eml files. */
  @IsString()
  MAIL_DIR = './.mail';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Kennisplein <noreply@kennisplein.local>';

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string = undefined;

  @ValidateIf((config: AppConfig) => config.ADMIN_EMAIL !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set when ADMIN_EMAIL is set' })
  @MinLength(10)
  ADMIN_PASSWORD?: string = undefined;

  /**
   * How long a worker holds a job before others may take it back (Bull's lock, renewed
   * while the job runs): a worker that dies mid-job has its jobs picked up after this.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  JOB_LOCK_SECONDS = 30;

  /**
   * On SIGTERM a process finishes its work in flight (requests, the current job) for at most
   * this long, then exits; a job not done by then goes back to the queue for another worker.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS = 25;

  /**
   * A digest that cannot be sent (SMTP down) is tried this many times, the first retry
   * after DIGEST_RETRY_DELAY_MS and each next one after twice as long: with the defaults
   * the digest waits out some eight hours of SMTP trouble and then goes out once.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DIGEST_SEND_ATTEMPTS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  DIGEST_RETRY_DELAY_MS = 60_000;

  /** Run the Bull processors inside the api process (the one-process default of `npm start`). */
  @Transform(toBool)
  @IsBoolean()
  WORKER_INLINE = true;

  /**
   * Express `trust proxy`: behind a load balancer, the number of proxy hops (e.g. 1) or
   * `loopback`, so that rate limits see the client's address rather than the proxy's.
   */
  // `true` is refused: it would let every client choose its own address with X-Forwarded-For.
  @Matches(/^(false|loopback|\d{1,2})$/, { message: 'TRUST_PROXY must be false, loopback or a number of hops' })
  TRUST_PROXY = 'false';

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** TRUST_PROXY as Express wants it. */
  get trustProxy(): boolean | number | string {
    if (this.TRUST_PROXY === 'false') return false;
    return /^\d+$/.test(this.TRUST_PROXY) ? Number(this.TRUST_PROXY) : this.TRUST_PROXY;
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEV_JWT_SECRET;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The default REDIS_PREFIX: `kennisplein:` and the database's name, its characters outside
 * [a-zA-Z0-9_-] replaced by `_` and cut to fit the 64 characters of a prefix.
 */
export function redisPrefixOf(databaseUrl: string): string {
  let name = 'kennisplein';
  try {
    name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || name;
  } catch {
    // An unreadable URL is refused by the validation; the prefix does not matter then.
  }
  return `kennisplein:${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`.slice(0, 64);
}

/** A value fit for an error message: secrets hidden, passwords taken out of URLs. */
function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (/SECRET|PASSWORD/.test(name)) return `a value of ${value.length} characters`;
  if (name.endsWith('_URL')) return JSON.stringify(redactUrl(value));
  return JSON.stringify(value);
}

/**
 * Reads the configuration from environment variables. Empty variables count as unset.
 * Throws a ConfigError naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false });
  // One line per variable: its name, what is wrong, and the value it got.
  const problems = errors.map((error) => {
    const reasons = Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, ''));
    return `${error.property} ${reasons.join(', ')} (got ${shownValue(error.property, raw[error.property])})`;
  });
  if (config.isProduction && config.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET must be set when NODE_ENV=production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.REDIS_PREFIX === '') config.REDIS_PREFIX = redisPrefixOf(config.DATABASE_URL);
  return config;
}

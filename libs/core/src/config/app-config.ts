import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { booleanFromEnv, checkSettings, ConfigError, duplicateSettings, type Environment, integerFromEnv, loadSettings, registeredConfigSections, type SettingsClass } from './config-section.js';

const DEV_JWT_SECRET = 'kennisplein-local-development-secret-not-for-production';

/** The environment each configuration was read from: the libs' sections are read from the same one. */
const environments = new WeakMap<AppConfig, Environment>();

/**
 * The platform's settings (what core itself uses: processes, PostgreSQL, Redis, HTTP, mail,
 * jobs, logging), read from environment variables and validated at start-up. Each lib
 * declares its own section beside its module (e.g. CommunityConfig). Defaults are for local
 * work (README); production must set JWT_SECRET.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(integerFromEnv)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kennisplein';

  /** Connections each process keeps to PostgreSQL. */
  @Transform(integerFromEnv)
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

  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true })
  SMTP_URL?: string = undefined;

  /** Largest JSON or form body of any route (multipart uploads have their own limits); more answers 413. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1024)
  BODY_MAX_BYTES = 1024 * 1024;

  /** Object keys and array items one JSON body, form body, query or socket payload may hold; more answers 400. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(16)
  BODY_MAX_KEYS = 1000;

  /** How deep objects and arrays may nest in a JSON body or socket payload; deeper answers 400. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(2)
  @Max(1000)
  BODY_MAX_DEPTH = 32;

  /** Searches (the kennisbank's, and lists asked with `q`) per account, or client address, per SEARCH_RATE_WINDOW_SECONDS. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  SEARCH_RATE_LIMIT = 120;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  SEARCH_RATE_WINDOW_SECONDS = 60;

  /** Uploads (files, logos, kennisbank imports) per account, or client address, per UPLOAD_RATE_WINDOW_SECONDS. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_LIMIT = 200;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  UPLOAD_RATE_WINDOW_SECONDS = 600;

  /**
   * Posts (messages over HTTP or any socket, new threads, feedback) one user may make per
   * POSTS_PER_USER_WINDOW_SECONDS, counted together on every instance; then 429 common.too_many_posts.
   */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  POSTS_PER_USER_LIMIT = 20;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(86_400)
  POSTS_PER_USER_WINDOW_SECONDS = 10;

  /** With no SMTP_URL, mails are written here as .eml files. */
  @IsString()
  MAIL_DIR = './.mail';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Kennisplein <noreply@kennisplein.local>';

  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * How long a worker holds a job before others may take it back (Bull's lock, renewed
   * while the job runs): a worker that dies mid-job has its jobs picked up after this.
   */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  JOB_LOCK_SECONDS = 30;

  /**
   * On SIGTERM a process finishes its work in flight (requests, the current job) for at most
   * this long, then exits; a job not done by then goes back to the queue for another worker.
   */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS = 25;

  /**
   * The anonymous cache (http/anonymous-cache.ts): anonymous GETs of routes with a public
   * max-age are answered from memory for ANONYMOUS_CACHE_TTL_MS, never longer than the
   * max-age the answer declares; a change in the kennisbank drops it on this instance.
   */
  @Transform(booleanFromEnv)
  @IsBoolean()
  ANONYMOUS_CACHE_ENABLED = true;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  ANONYMOUS_CACHE_TTL_MS = 5000;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  ANONYMOUS_CACHE_MAX_ENTRIES = 1000;

  /** The bodies the anonymous cache holds together, at most; a larger answer is not kept. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1024)
  ANONYMOUS_CACHE_MAX_BYTES = 32 * 1024 * 1024;

  /** Run the Bull processors inside the api process (the one-process default of `npm start`). */
  @Transform(booleanFromEnv)
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

  /**
   * A lib's section, read from the environment this configuration came from, the overrides
   * (a module's forRoot options) winning. Throws a ConfigError naming every bad setting.
   */
  section<Settings extends object>(settings: SettingsClass<Settings>, overrides?: Partial<Settings>): Settings {
    return loadSettings(settings, environments.get(this) ?? {}, overrides);
  }
}

export { ConfigError };

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

/**
 * Reads the configuration from environment variables: the platform's settings and every
 * section the loaded libs declared (empty variables count as unset). Throws one ConfigError
 * naming every bad variable, whichever section it belongs to.
 */
export function loadConfig(env: Environment = process.env): AppConfig {
  const snapshot = { ...env };
  const { settings: config, problems } = checkSettings(AppConfig, snapshot);
  if (config.isProduction && config.JWT_SECRET === undefined) {
    problems.push('JWT_SECRET must be set when NODE_ENV=production');
  }
  const sections = registeredConfigSections();
  for (const section of sections) problems.push(...checkSettings(section, snapshot).problems);
  problems.push(...duplicateSettings([AppConfig, ...sections]));
  if (problems.length > 0) throw new ConfigError(problems);
  if (config.REDIS_PREFIX === '') config.REDIS_PREFIX = redisPrefixOf(config.DATABASE_URL);
  environments.set(config, snapshot);
  return config;
}

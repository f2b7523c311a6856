import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** Identity's settings: tokens and sessions, login and registration limits, account mails, password hashing, institution sign-in (OpenID Connect) and the start-up admin. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class IdentityConfig {
  @Transform(integerFromEnv)
  @IsInt()
  @Min(60)
  @Max(86_400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** A login ends this many days after it began, however often it was refreshed. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(3650)
  SESSION_MAX_DAYS = 90;

  /**
   * Wrong passwords for one address from one client IP before each further attempt waits
   * a doubling delay (1 s, 2 s, … up to LOGIN_WINDOW_SECONDS); a success resets it. Also the
   * failures of an address from all clients before LOGIN_EMAIL_SLOWDOWN_MS applies.
   */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_EMAIL = 10;

  /** Failed logins allowed per client IP (whatever the address) within LOGIN_WINDOW_SECONDS; successes never count. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS_PER_IP = 100;

  /** How much later every login of an address under attack (from any client) is answered: slowed, never refused. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(0)
  @Max(10_000)
  LOGIN_EMAIL_SLOWDOWN_MS = 1000;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /** New accounts one client IP may register within REGISTER_WINDOW_SECONDS, then 429. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  REGISTER_MAX_PER_IP = 20;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  REGISTER_WINDOW_SECONDS = 3600;

  /** How long the link of a verification mail stays valid. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(720)
  EMAIL_VERIFICATION_TTL_HOURS = 48;

  /** How long the link of a password-reset mail stays valid. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 30;

  /** Verification and reset mails per account (or address) per hour; more are refused or, for a reset, silently not sent. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  ACCOUNT_MAILS_PER_HOUR = 5;

  /** Institution sign-in (OpenID Connect, e.g. SURFconext or eduID): the issuer's URL; unset: off. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  OIDC_ISSUER?: string = undefined;

  @ValidateIf((config: IdentityConfig) => config.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_ID must be set when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_ID?: string = undefined;

  @ValidateIf((config: IdentityConfig) => config.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_SECRET must be set when OIDC_ISSUER is set' })
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string = undefined;

  /** The name on the sign-in button, e.g. SURFconext. */
  @IsString()
  @MinLength(1)
  OIDC_NAME = 'SURFconext';

  /** argon2id memory cost in KiB (OWASP: 19 MiB with 2 iterations). */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1024)
  PASSWORD_HASH_MEMORY_KIB = 19_456;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  PASSWORD_HASH_ITERATIONS = 2;

  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string = undefined;

  @ValidateIf((config: IdentityConfig) => config.ADMIN_EMAIL !== undefined)
  @IsString({ message: 'ADMIN_PASSWORD must be set when ADMIN_EMAIL is set' })
  @MinLength(10)
  ADMIN_PASSWORD?: string = undefined;
}

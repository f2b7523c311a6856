import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiter, type RateLimitResult } from '@kennisplein/core';
import { SessionErrors } from '../identity.errors.js';
import { IdentityConfig } from '../identity.config.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** One login attempt under way: what `failed` and `succeeded` account it to. */
export interface LoginAttempt {
  ipBucket: string;
  pairBucket: string;
  addressBucket: string;
}

/**
 * Brute force is slowed where it comes from, so that no stranger can lock an owner out
 * (OWASP's authentication cheat sheet):
 * - per address and client IP together, attempts past LOGIN_MAX_ATTEMPTS_PER_EMAIL wait a
 *   delay that doubles with each one (up to LOGIN_WINDOW_SECONDS), until a success resets it;
 * - per client IP, at most LOGIN_MAX_ATTEMPTS_PER_IP failures per window (whatever the
 *   addresses; successes never count);
 * - per address from all clients together, past LOGIN_MAX_ATTEMPTS_PER_EMAIL failures every
 *   attempt (the owner's too) is answered LOGIN_EMAIL_SLOWDOWN_MS later: a distributed
 *   attack is slowed, yet the owner is never refused.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly rateLimiter: RateLimiter,
    private readonly config: IdentityConfig,
  ) {}

  /** Before the password is checked: 429 auth.too_many_attempts (Retry-After) while this client must wait. */
  async begin(email: string, clientIp: string): Promise<LoginAttempt> {
    const address = sha256(email.trim().toLowerCase());
    const attempt: LoginAttempt = {
      ipBucket: `login:ip-failures:${clientIp}`,
      pairBucket: `login:pair:${address}:${clientIp}`,
      addressBucket: addressBucketOf(email),
    };
    const window = this.config.LOGIN_WINDOW_SECONDS;
    // Counted before the check, so that parallel attempts cannot pass together; a success takes it back.
    const byIp = await this.rateLimiter.consume(attempt.ipBucket, this.config.LOGIN_MAX_ATTEMPTS_PER_IP, window);
    if (!byIp.allowed) {
      await this.rateLimiter.refund(attempt.ipBucket);
      throw tooMany(byIp);
    }
    const byPair = await this.rateLimiter.backoff(attempt.pairBucket, this.config.LOGIN_MAX_ATTEMPTS_PER_EMAIL, window, window);
    if (!byPair.allowed) {
      await this.rateLimiter.refund(attempt.ipBucket);
      throw tooMany(byPair);
    }
    if ((await this.rateLimiter.count(attempt.addressBucket)) >= this.config.LOGIN_MAX_ATTEMPTS_PER_EMAIL) {
      await sleep(this.config.LOGIN_EMAIL_SLOWDOWN_MS);
    }
    return attempt;
  }

  /** A wrong password: it stays counted for the IP and the pair, and counts for the address. */
  async failed(attempt: LoginAttempt): Promise<void> {
    await this.rateLimiter.consume(attempt.addressBucket, Number.MAX_SAFE_INTEGER, this.config.LOGIN_WINDOW_SECONDS);
  }

  /** The right password: the pair starts afresh, and the attempt was no failure of the IP. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([this.rateLimiter.reset(attempt.pairBucket), this.rateLimiter.refund(attempt.ipBucket)]);
  }

  /** A password reset proved the address: its failures are forgotten. */
  async clearAddress(email: string): Promise<void> {
    await this.rateLimiter.reset(addressBucketOf(email));
  }
}

const addressBucketOf = (email: string) => `login:address:${sha256(email.trim().toLowerCase())}`;

function tooMany({ retryAfterSeconds: seconds }: RateLimitResult) {
  return SessionErrors.too_many_attempts({ seconds }, { retryAfterSeconds: seconds });
}

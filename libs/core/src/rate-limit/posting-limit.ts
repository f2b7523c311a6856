import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors, isDomainError } from '../errors/domain-error.js';
import { RateLimiter, type RateLimitResult } from './rate-limiter.js';

/**
 * One allowance of posts per user (POSTS_PER_USER_LIMIT per POSTS_PER_USER_WINDOW_SECONDS),
 * in Redis: every socket, every instance and HTTP count against the same one, so more
 * sockets or another route buy no more. Every lib that stores what a user writes in a
 * thread asks it before storing.
 */
@Injectable()
export class PostingLimit {
  private readonly logger = new Logger('PostingLimit');

  constructor(
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Counts one post of `userId`; past the allowance: 429 common.too_many_posts with Retry-After.
   * While Redis is down posts go uncounted: messages live in PostgreSQL, and posting must not
   * stop (or wait) with Redis.
   */
  async consume(userId: string): Promise<void> {
    const { POSTS_PER_USER_LIMIT: limit, POSTS_PER_USER_WINDOW_SECONDS: window } = this.config;
    let result: RateLimitResult;
    try {
      result = await this.rateLimiter.consume(`posts:user:${userId}`, limit, window);
    } catch (error) {
      if (!isDomainError(error, 'common.unavailable')) throw error;
      this.logger.warn(`posting limit not counted (Redis unavailable): user ${userId}`);
      return;
    }
    if (result.allowed) return;
    const seconds = result.retryAfterSeconds;
    throw CommonErrors.too_many_posts({ limit, window, seconds }, { retryAfterSeconds: seconds });
  }
}

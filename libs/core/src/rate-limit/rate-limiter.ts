import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { InjectRedis, type RedisClient } from '../redis/redis.module.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters in Redis, so that every api instance counts the same attempts.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async consume(bucket: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const key = `${this.config.REDIS_PREFIX}:ratelimit:${bucket}`;
    const [count, , ttl] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, windowSeconds, 'NX')
      .ttl(key)
      .exec()) as unknown as [number, number, number];
    if (count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  async reset(bucket: string): Promise<void> {
    await this.redis.del(`${this.config.REDIS_PREFIX}:ratelimit:${bucket}`);
  }
}

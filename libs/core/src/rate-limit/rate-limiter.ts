import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../errors/domain-error.js';
import { InjectRedis, type RedisClient } from '../redis/redis.module.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window ends; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * One attempt of a backoff bucket, atomically: refused while its delay runs; else counted,
 * and from the `free`-th attempt on it sets a delay for the next one that doubles each
 * time (1 s, 2 s, 4 s … up to maxDelay). The delay is set when the attempt starts, so
 * attempts sent in parallel cannot all slip through before the first one fails.
 * Redis's own clock: every instance sees the same delay.
 */
const BACKOFF_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local free, maxDelay, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockedUntil = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if blockedUntil > now then return blockedUntil - now end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
local delay = 0
if count >= free then
  delay = math.min(maxDelay, 2 ^ math.min(count - free, 30)) * 1000
  redis.call('HSET', KEYS[1], 'until', string.format('%d', now + delay))
end
redis.call('PEXPIRE', KEYS[1], window * 1000 + delay)
return 0
`;

/**
 * Counters in Redis, so that every api instance counts the same attempts: fixed windows
 * (consume) and doubling delays (backoff). While Redis is unreachable each call fails at
 * once with common.unavailable (503), instead of waiting in the client's offline queue
 * until Redis is back; the caller decides whether to go on without the count.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @InjectRedis() private readonly redis: RedisClient,
    private readonly config: AppConfig,
  ) {}

  async consume(bucket: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const key = this.key(bucket);
    const [count, , ttl] = (await this.run((redis) => redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec())) as unknown as [
      number,
      number,
      number,
    ];
    if (count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
  }

  /** The count of a `consume` bucket in its current window. */
  async count(bucket: string): Promise<number> {
    return Number((await this.run((redis) => redis.get(this.key(bucket)))) ?? 0);
  }

  /** Takes back one count of `consume` (an attempt that, after all, is not to count); never below zero. */
  async refund(bucket: string): Promise<void> {
    const key = this.key(bucket);
    const left = await this.run((redis) => redis.decr(key));
    if (left < 0) await this.run((redis) => redis.del(key));
  }

  /** See BACKOFF_SCRIPT: the bucket is forgotten `windowSeconds` after its last attempt's delay. */
  async backoff(bucket: string, free: number, maxDelaySeconds: number, windowSeconds: number): Promise<RateLimitResult> {
    const waitMs = Number(
      await this.run((redis) =>
        redis.eval(BACKOFF_SCRIPT, { keys: [this.key(bucket)], arguments: [String(free), String(maxDelaySeconds), String(windowSeconds)] }),
      ),
    );
    if (waitMs <= 0) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  async reset(bucket: string): Promise<void> {
    await this.run((redis) => redis.del(this.key(bucket)));
  }

  /** A command while connected; not connected (or the connection lost during it): common.unavailable. */
  private async run<T>(command: (redis: RedisClient) => Promise<T>): Promise<T> {
    if (!this.redis.isReady) throw CommonErrors.unavailable();
    try {
      return await command(this.redis);
    } catch (error) {
      if (!this.redis.isReady) throw CommonErrors.unavailable();
      throw error;
    }
  }

  private key(bucket: string): string {
    return `${this.config.REDIS_PREFIX}:ratelimit:${bucket}`;
  }
}

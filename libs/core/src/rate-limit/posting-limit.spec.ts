import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import { CommonErrors } from '../errors/domain-error.js';
import { PostingLimit } from './posting-limit.js';
import type { RateLimiter, RateLimitResult } from './rate-limiter.js';

/** A PostingLimit whose counter answers (or fails) as given. */
function limitAnswering(consume: () => Promise<RateLimitResult>): PostingLimit {
  const limiter = { consume } as unknown as RateLimiter;
  return new PostingLimit(limiter, loadConfig({}));
}

describe('PostingLimit', () => {
  it('refuses a post past the allowance with common.too_many_posts', async () => {
    const limit = limitAnswering(() => Promise.resolve({ allowed: false, retryAfterSeconds: 4 }));
    await expect(limit.consume('user')).rejects.toMatchObject({ code: 'common.too_many_posts', retryAfterSeconds: 4 });
  });

  it('lets a post through uncounted while Redis is unavailable', async () => {
    const limit = limitAnswering(() => Promise.reject(CommonErrors.unavailable()));
    await expect(limit.consume('user')).resolves.toBeUndefined();
  });

  it('passes any other failure of the counter on', async () => {
    const limit = limitAnswering(() => Promise.reject(new Error('WRONGTYPE')));
    await expect(limit.consume('user')).rejects.toThrow('WRONGTYPE');
  });
});

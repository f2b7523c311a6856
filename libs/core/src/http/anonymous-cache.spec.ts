import { describe, expect, it } from '@jest/globals';
import { anonymousCacheKey, maxAgeMs } from './anonymous-cache.js';
import { CachePolicy } from './cache-policy.js';

describe('anonymousCacheKey', () => {
  it('sorts the query by name, keeping the order of repeated parameters', () => {
    expect(anonymousCacheKey('/api/v1/contributions?theme=b&congress=a&theme=a')).toBe('/api/v1/contributions?congress=a&theme=b&theme=a');
    expect(anonymousCacheKey('/api/v1/contributions?congress=a&theme=b&theme=a')).toBe('/api/v1/contributions?congress=a&theme=b&theme=a');
  });

  it('tells other queries and paths apart, and reads an encoding the same as the parser does', () => {
    expect(anonymousCacheKey('/api/v1/contributions?q=a%26b')).not.toBe(anonymousCacheKey('/api/v1/contributions?q=a&b'));
    expect(anonymousCacheKey('/api/v1/contributions?q=net+werk')).toBe(anonymousCacheKey('/api/v1/contributions?q=net%20werk'));
    expect(anonymousCacheKey('/api/v1/themes?')).toBe('/api/v1/themes');
    expect(anonymousCacheKey('/api/v1/themes')).toBe('/api/v1/themes');
  });
});

describe('maxAgeMs', () => {
  it('reads the max-age of a policy; live and private answers have none', () => {
    expect(maxAgeMs(CachePolicy.short)).toBe(30_000);
    expect(maxAgeMs(CachePolicy.live)).toBeUndefined();
    expect(maxAgeMs(CachePolicy.private)).toBeUndefined();
    expect(maxAgeMs('public, s-maxage=5')).toBeUndefined();
  });
});

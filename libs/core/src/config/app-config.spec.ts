import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives the local defaults of API.md when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/kennisplein');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.WORKER_INLINE).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('converts numbers and booleans', () => {
    // LOGIN_MAX_ATTEMPTS_PER_EMAIL is identity's now: libs/identity/src/identity.config.spec.ts.
    const config = loadConfig({ PORT: '4100', WORKER_INLINE: 'false' });
    expect(config.PORT).toBe(4100);
    expect(config.WORKER_INLINE).toBe(false);
  });

  it('names every bad variable and the value it got', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT .*"abc"/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET must be set when NODE_ENV=production']);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
  });

  it('refuses a short JWT_SECRET without printing it', () => {
    const problems = problemsOf({ JWT_SECRET: 'short-secret' }).join();
    expect(problems).toMatch(/JWT_SECRET must be at least 32/);
    expect(problems).not.toContain('short-secret');
  });

  it('never prints a password that stands in a bad URL', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://kp:hunter2@db/kp' }).join();
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).not.toContain('hunter2');
  });

  it('refuses TRUST_PROXY=true, which would let clients choose their own address', () => {
    expect(problemsOf({ TRUST_PROXY: 'true' }).join()).toMatch(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('derives the default REDIS_PREFIX from the database name, so two installs on one Redis share nothing', () => {
    expect(loadConfig({}).REDIS_PREFIX).toBe('kennisplein:kennisplein');
    const one = loadConfig({ DATABASE_URL: 'postgres://kp@db:5432/school_a' }).REDIS_PREFIX;
    const other = loadConfig({ DATABASE_URL: 'postgres://kp@db:5432/school_b' }).REDIS_PREFIX;
    expect(one).toBe('kennisplein:school_a');
    expect(other).toBe('kennisplein:school_b');
    // Characters a prefix may not hold are replaced; a long name is cut to the 64 characters of a prefix.
    expect(loadConfig({ DATABASE_URL: 'postgres://kp@db/kp.main%20db' }).REDIS_PREFIX).toBe('kennisplein:kp_main_db');
    expect(loadConfig({ DATABASE_URL: `postgres://kp@db/${'x'.repeat(80)}` }).REDIS_PREFIX).toHaveLength(64);
    expect(loadConfig({ DATABASE_URL: 'postgres://kp@db/school_a', REDIS_PREFIX: 'shared' }).REDIS_PREFIX).toBe('shared');
    expect(problemsOf({ REDIS_PREFIX: 'has space' }).join()).toMatch(/REDIS_PREFIX/);
  });

  // CLAMAV_URL and ADMIN_PASSWORD are checked where their sections are declared:
  // libs/content/src/content.config.spec.ts and libs/identity/src/identity.config.spec.ts.
});

import { describe, expect, it } from '@jest/globals';
import { checkSettings } from '@kennisplein/core';
import { ContentConfig } from './content.config.js';

const problemsOf = (env: Record<string, string>) => checkSettings(ContentConfig, env).problems;

describe('ContentConfig', () => {
  it('takes CLAMAV_URL as tcp://host:port or unix:///path, and nothing else', () => {
    const read = (env: Record<string, string>) => checkSettings(ContentConfig, env).settings;
    expect(read({}).CLAMAV_URL).toBeUndefined();
    expect(read({ CLAMAV_URL: 'tcp://127.0.0.1:3310' }).CLAMAV_URL).toBe('tcp://127.0.0.1:3310');
    expect(read({ CLAMAV_URL: 'unix:///run/clamav/clamd.ctl' }).CLAMAV_URL).toBe('unix:///run/clamav/clamd.ctl');
    for (const bad of ['http://127.0.0.1:3310', 'tcp://127.0.0.1', '127.0.0.1:3310']) {
      expect(problemsOf({ CLAMAV_URL: bad })).toEqual([expect.stringMatching(/^CLAMAV_URL must be tcp:\/\/host:port or unix:\/\/\/path\/to\/socket \(got /)]);
    }
  });

  it('lets options win over the environment, and names a bad option', () => {
    expect(checkSettings(ContentConfig, { FILES_MAX_BYTES: '2048' }, { FILES_MAX_BYTES: 4096 }).settings.FILES_MAX_BYTES).toBe(4096);
    expect(checkSettings(ContentConfig, {}, { FILES_MAX_BYTES: 0 }).problems).toEqual([
      "FILES_MAX_BYTES must not be less than 1 (got 0 in the module's options)",
    ]);
  });
});

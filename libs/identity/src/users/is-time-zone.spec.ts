import { describe, expect, it } from '@jest/globals';
import { isTimeZone } from './is-time-zone.js';

describe('isTimeZone', () => {
  it.each(['Europe/Amsterdam', 'Asia/Jakarta', 'America/Argentina/Buenos_Aires', 'UTC'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', 'Europe/Amsterdam; DROP', '+01:00', '', 42])('refuses %p', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

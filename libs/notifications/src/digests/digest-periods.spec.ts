import { describe, expect, it } from '@jest/globals';
import { isDue, isoWeek, periodOf } from './digest-periods.js';

const at = (iso: string) => new Date(iso);

describe('digest periods', () => {
  it('numbers ISO weeks across a year boundary', () => {
    expect(isoWeek(2026, 11, 23)).toBe('2026-W48');
    expect(isoWeek(2027, 1, 1)).toBe('2026-W53');
    expect(isoWeek(2024, 12, 30)).toBe('2025-W01');
  });

  it('at 06:00 UTC on a Monday in winter, picks Amsterdam (07:00) and not Jakarta (13:00) for the hour', () => {
    const monday = at('2026-11-23T06:00:00Z');
    expect(isDue('weekly', monday, 'Europe/Amsterdam', null)).toBe(true);
    expect(periodOf('weekly', monday, 'Europe/Amsterdam')).toBe('2026-W48');
    // Jakarta's 07:00 was at 00:00 UTC: it got its digest then.
    expect(isDue('weekly', at('2026-11-23T00:00:00Z'), 'Asia/Jakarta', null)).toBe(true);
    expect(isDue('weekly', at('2026-11-22T23:00:00Z'), 'Asia/Jakarta', null)).toBe(false);
    expect(isDue('weekly', monday, 'Asia/Jakarta', at('2026-11-23T00:00:05Z'))).toBe(false);
  });

  it('is not due before 07:00, nor twice in a period, nor on another weekday for weekly', () => {
    expect(isDue('weekly', at('2026-11-23T05:00:00Z'), 'Europe/Amsterdam', null)).toBe(false);
    expect(isDue('weekly', at('2026-11-23T06:30:00Z'), 'Europe/Amsterdam', at('2026-11-23T06:00:10Z'))).toBe(false);
    expect(isDue('weekly', at('2026-11-23T09:00:00Z'), 'Europe/Amsterdam', null)).toBe(false);
    expect(isDue('weekly', at('2026-11-24T06:00:00Z'), 'Europe/Amsterdam', null)).toBe(false);
    expect(isDue('daily', at('2026-11-24T06:00:00Z'), 'Europe/Amsterdam', at('2026-11-23T06:00:10Z'))).toBe(true);
  });

  it('finds 07:00 once on the days daylight saving starts and ends', () => {
    for (const day of ['2026-03-29', '2026-10-25']) {
      const dueHours = Array.from({ length: 24 }, (_, hour) => at(`${day}T${String(hour).padStart(2, '0')}:00:00Z`)).filter((instant) =>
        isDue('daily', instant, 'Europe/Amsterdam', null),
      );
      expect(dueHours).toHaveLength(1);
      // The first due hour is 07:00 local: 05:00 UTC in summer time, 06:00 UTC in winter time.
      expect(dueHours[0].toISOString()).toBe(day === '2026-03-29' ? `${day}T05:00:00.000Z` : `${day}T06:00:00.000Z`);
    }
  });
});

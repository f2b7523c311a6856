/**
 * When a digest is due, in the reader's own time zone. Pure functions of an instant, so
 * the hourly job and the tests (with a fixed clock) agree, and daylight-saving changes
 * need no special case: 07:00 local is found from the zone's rules at that instant.
 */
export type DigestFrequency = 'weekly' | 'daily';

/** The hour of the reader's day when their digest goes out. */
export const DIGEST_HOUR = 7;

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** ISO: 1 = Monday … 7 = Sunday */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    weekday: WEEKDAYS[parts.weekday],
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The ISO week of a calendar date: 2026-W48. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${pad(week)}`;
}

/** The period a digest at this instant belongs to, in the reader's zone: 2026-W48 (weekly) or 2026-11-23 (daily). */
export function periodOf(frequency: DigestFrequency, at: Date, timeZone: string): string {
  const local = localTime(at, timeZone);
  return frequency === 'daily' ? `${local.year}-${pad(local.month)}-${pad(local.day)}` : isoWeek(local.year, local.month, local.day);
}

/**
 * Due in the hour that is 07:00 on the reader's digest day (every day, or Monday), unless
 * their last digest was already this period. The hourly run passes the hour it was
 * scheduled for, not the time it happens to run: a run delayed or retried after a crash
 * still finds the readers of its hour.
 */
export function isDue(frequency: DigestFrequency, at: Date, timeZone: string, lastDigestAt: Date | null): boolean {
  const local = localTime(at, timeZone);
  if (local.hour !== DIGEST_HOUR) return false;
  if (frequency === 'weekly' && local.weekday !== 1) return false;
  return lastDigestAt === null || periodOf(frequency, lastDigestAt, timeZone) !== periodOf(frequency, at, timeZone);
}

/** How far back a first digest looks. */
export function firstDigestSince(frequency: DigestFrequency, at: Date): Date {
  return new Date(at.getTime() - (frequency === 'weekly' ? 7 : 1) * 86_400_000);
}

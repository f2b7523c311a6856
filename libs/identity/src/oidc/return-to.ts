/** Longest path a sign-in may return to. */
const MAX_RETURN_TO = 2048;
const BASE = 'http://return-to.invalid';

/**
 * Where a sign-in may send the browser back to: a path of this site only. Anything that
 * could leave it (`//host`, `/\host`, a scheme, control characters a URL parser drops)
 * answers `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  // Browsers read a backslash as a slash in http(s) URLs, and drop tabs and newlines.
  if ([...value].some((char) => char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return '/';
  try {
    return new URL(value, BASE).origin === BASE ? value : '/';
  } catch {
    return '/';
  }
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a digest's one-click unsubscribe link: the reader's id, signed (HMAC-SHA256
 * with the platform's secret). It does one thing only, so it needs no expiry.
 */
export function unsubscribeToken(userId: string, secret: string): string {
  return `${userId}.${signature(userId, secret)}`;
}

/** The reader's id, when the token is one this platform signed; null otherwise. */
export function readUnsubscribeToken(token: string, secret: string): string | null {
  const [userId, given] = token.split('.');
  if (!userId || !given) return null;
  const expected = Buffer.from(signature(userId, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : null;
}

function signature(userId: string, secret: string): string {
  return createHmac('sha256', secret).update(`digest-unsubscribe:${userId}`).digest('base64url');
}

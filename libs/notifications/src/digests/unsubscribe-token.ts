import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of a digest's one-click unsubscribe link: the reader's id and the subscription
 * the digest was sent for, signed (HMAC-SHA256 with the platform's secret). It ends that
 * subscription only: once the reader subscribes again, old links stop working.
 */
export function unsubscribeToken(userId: string, subscription: number, secret: string): string {
  return `${userId}.${subscription}.${signature(userId, subscription, secret)}`;
}

/** Exactly a token of ours: nothing before, nothing after. */
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{43})$/;

/** The reader and subscription, when the token is exactly one this platform signed; null otherwise. */
export function readUnsubscribeToken(token: unknown, secret: string): { userId: string; subscription: number } | null {
  if (typeof token !== 'string') return null;
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, userId, version, given] = match;
  const subscription = Number(version);
  const expected = Buffer.from(signature(userId, subscription, secret));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? { userId, subscription } : null;
}

function signature(userId: string, subscription: number, secret: string): string {
  return createHmac('sha256', secret).update(`digest-unsubscribe:${userId}:${subscription}`).digest('base64url');
}

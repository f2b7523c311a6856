import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a download link works: long enough to start the download, short enough that a copied link soon dies. */
export const DOWNLOAD_LINK_SECONDS = 300;
/** Who a link is for when the caller was not logged in (a public group's file). */
const ANONYMOUS = '-';

/**
 * The token of a signed download link: `<expires>.<userId or ->.<signature>`, the
 * signature an HMAC-SHA256 (the platform's secret) over the file, the caller and the
 * expiry, so it opens that one file, for that caller, until then. A plain link carries
 * it (the browser streams the download itself, with no bearer token).
 */
export function downloadToken(fileId: string, userId: string | null, secret: string, now = Date.now()): { token: string; expiresAt: Date } {
  const expires = Math.floor(now / 1000) + DOWNLOAD_LINK_SECONDS;
  const user = userId ?? ANONYMOUS;
  return { token: `${expires}.${user}.${signature(fileId, user, expires, secret)}`, expiresAt: new Date(expires * 1000) };
}

export type DownloadTokenCheck = { ok: true; userId: string | null } | { ok: false; reason: 'invalid' | 'expired' };

/** Whose download a token is, when this platform signed it for this file and it has not expired. */
export function readDownloadToken(token: string, fileId: string, secret: string, now = Date.now()): DownloadTokenCheck {
  const [expiresText, user, given, ...rest] = token.split('.');
  if (!expiresText || !user || !given || rest.length > 0 || !/^\d{1,12}$/.test(expiresText)) return { ok: false, reason: 'invalid' };
  const expires = Number(expiresText);
  const expected = Buffer.from(signature(fileId, user, expires, secret));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, reason: 'invalid' };
  if (expires * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, userId: user === ANONYMOUS ? null : user };
}

function signature(fileId: string, user: string, expires: number, secret: string): string {
  return createHmac('sha256', secret).update(`file-download:${fileId}:${user}:${expires}`).digest('base64url');
}

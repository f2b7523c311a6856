/**
 * The access token of the browser session, in memory only (the refresh token is the
 * httpOnly cookie kp_refresh, which no script reads). The API client, the sockets and the
 * session provider share it through here.
 */
type Listener = (token: string | null) => void;

let current: string | null = null;
let refreshing: Promise<string | null> | null = null;
const listeners = new Set<Listener>();

export function getAccessToken(): string | null {
  return current;
}

export function setAccessToken(token: string | null): void {
  current = token;
  for (const listener of listeners) listener(token);
}

export function onAccessTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A new access token through the cookie. Concurrent callers share one request: the
 * server rotates the refresh token, so two refreshes at once would spend it twice.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    credentials: 'same-origin',
  })
    .then(async (response) => {
      // A refusal's body is let go of: an answer no cache may keep (no-store) stays an open
      // request until its reader reads or cancels it.
      const token = response.ok ? ((await response.json()) as { accessToken: string }).accessToken : null;
      if (!response.ok) await response.body?.cancel();
      setAccessToken(token);
      return token;
    })
    .catch(() => null)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

let firstRefresh: Promise<string | null> | null = null;

/**
 * The silent refresh of this page load, once: API requests wait for it, so a page's first
 * queries (which a child component may start before the session provider's effect runs)
 * never go out anonymous while the reader is in fact logged in.
 */
export function sessionKnown(): Promise<string | null> {
  firstRefresh ??= refreshAccessToken();
  return firstRefresh;
}

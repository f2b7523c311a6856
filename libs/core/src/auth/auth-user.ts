/** Who is calling: what the auth guard puts on the request after checking the token. */
export interface AuthUser {
  id: string;
  isAdmin: boolean;
  /** The caller's language (nl|en): answers follow it when Accept-Language names neither. */
  locale?: string;
  /** The login (refresh-token family) the access token belongs to: "the other sessions" are the rest. */
  sessionId?: string;
}

/**
 * Turns an access token into the caller. Implemented by libs/identity; core's guard and
 * the socket gateway ask it, so core needs no knowledge of users.
 */
export abstract class RequestAuthenticator {
  /** Returns the caller, or null when the token is invalid, expired or of a deleted user. */
  abstract authenticate(accessToken: string): Promise<AuthUser | null>;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

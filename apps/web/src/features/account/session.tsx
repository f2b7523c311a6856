import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { getAccessToken, onAccessTokenChange, sessionKnown, setAccessToken } from '../../api/access-token.js';
import { api, type Schema, unwrap } from '../../api/client.js';
import { postJson } from '../../api/errors.js';
import { queryClient } from '../../api/query-client.js';

export type SessionUser = Schema<'UserProfileDto'>;

interface Session {
  /** null: nobody is logged in; undefined: still finding out (the silent refresh). */
  user: SessionUser | null | undefined;
  accessToken: string | null;
  logIn(email: string, password: string, language: string): Promise<void>;
  register(input: { email: string; password: string; displayName: string }, language: string): Promise<void>;
  logOut(): Promise<void>;
  /** Reads /me again (after a change of settings, say). */
  reload(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * The browser's session: the refresh token lives in the httpOnly cookie kp_refresh, which
 * no script reads; the access token lives in memory (api/access-token.ts), and a reload
 * gets a new one through the cookie (the silent refresh).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [accessToken, setToken] = useState<string | null>(getAccessToken());

  useEffect(() => onAccessTokenChange(setToken), []);

  const loadMe = useCallback(async () => {
    if (!getAccessToken()) return setUser(null);
    setUser(await unwrap(api.GET('/api/v1/me')));
  }, []);

  useEffect(() => {
    let current = true;
    sessionKnown()
      .then(() => (current ? loadMe() : undefined))
      .catch(() => {
        if (current) setUser(null);
      });
    return () => {
      current = false;
    };
  }, [loadMe]);

  const session = useMemo<Session>(
    () => ({
      user,
      accessToken,
      logIn: async (email, password, language) => {
        const answer = await postJson<{ accessToken: string }>('/auth/login', { email, password, cookie: true }, language);
        setAccessToken(answer.accessToken);
        queryClient.clear();
        await loadMe();
      },
      register: async (input, language) => {
        const answer = await postJson<{ accessToken: string }>('/auth/register', { ...input, cookie: true }, language);
        setAccessToken(answer.accessToken);
        queryClient.clear();
        await loadMe();
      },
      logOut: async () => {
        try {
          await postJson('/auth/logout', {}, document.documentElement.lang);
        } finally {
          // Also when the server no longer knows the session (a deleted account's are gone).
          setAccessToken(null);
          queryClient.clear();
          setUser(null);
        }
      },
      reload: loadMe,
    }),
    [user, accessToken, loadMe],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

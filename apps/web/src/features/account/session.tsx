import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { postJson } from '../../api/errors.js';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
}

interface Session {
  /** null: nobody is logged in; undefined: still finding out (the silent refresh). */
  user: SessionUser | null | undefined;
  accessToken: string | null;
  logIn(email: string, password: string, language: string): Promise<void>;
  register(input: { email: string; password: string; displayName: string }, language: string): Promise<void>;
  logOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/**
 * The browser's session: the refresh token lives in the httpOnly cookie kp_refresh, which
 * no script reads; the access token lives here, in memory, and a reload gets a new one
 * through the cookie (the silent refresh).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [accessToken, setAccessToken] = useState<string | null>(null);

  const adopt = useCallback(async (token: string) => {
    const response = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(String(response.status));
    setAccessToken(token);
    setUser((await response.json()) as SessionUser);
  }, []);

  useEffect(() => {
    let current = true;
    postJson<{ accessToken: string }>('/auth/refresh', {}, document.documentElement.lang)
      .then(({ accessToken: token }) => (current ? adopt(token) : undefined))
      .catch(() => current && setUser(null));
    return () => {
      current = false;
    };
  }, [adopt]);

  const session = useMemo<Session>(
    () => ({
      user,
      accessToken,
      logIn: async (email, password, language) => {
        const answer = await postJson<{ accessToken: string }>('/auth/login', { email, password, cookie: true }, language);
        await adopt(answer.accessToken);
      },
      register: async (input, language) => {
        const answer = await postJson<{ accessToken: string }>('/auth/register', { ...input, cookie: true }, language);
        await adopt(answer.accessToken);
      },
      logOut: async () => {
        await postJson('/auth/logout', {}, document.documentElement.lang);
        setAccessToken(null);
        setUser(null);
      },
    }),
    [user, accessToken, adopt],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

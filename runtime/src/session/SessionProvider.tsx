import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../api/ApiContext.tsx';
import { isApiError } from '../api/errors.ts';
import type { User } from '../api/types.ts';

export type SessionState =
  { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; user: User } | { status: 'error'; error: unknown };

interface SessionValue {
  state: SessionState;
  /** Signs in; rejects with the ApiError for the page to show (401 invalid_credentials, 429 ...). */
  login(email: string, password: string): Promise<User>;
  logout(): Promise<void>;
  /** A request came back 401: the session ended elsewhere (expired, signed out in another tab). */
  expire(): void;
  retry(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api.me().then(
      (session) => live && setState({ status: 'signedIn', user: session.user }),
      (error: unknown) => {
        if (!live) return;
        setState(isApiError(error) && error.status === 401 ? { status: 'signedOut' } : { status: 'error', error });
      },
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const login = useCallback(
    async (email: string, password: string) => {
      const session = await api.login(email, password);
      setState({ status: 'signedIn', user: session.user });
      return session.user;
    },
    [api],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      // Signed out locally whatever the server said: the person asked to leave.
      setState({ status: 'signedOut' });
    }
  }, [api]);

  const expire = useCallback(() => setState((s) => (s.status === 'signedOut' ? s : { status: 'signedOut' })), []);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, login, logout, expire, retry }), [state, login, logout, expire, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it');
  return value;
}

/** The signed-in user; only for components rendered behind <RequireSession>. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useUser() used outside a signed-in area');
  return state.user;
}

export const canBuild = (user: User) => user.role === 'admin' || user.role === 'builder';

import type { ApiClient } from '../api/client.ts';
import { NetworkError } from '../api/errors.ts';
import type { Session, User } from '../api/types.ts';

const KEY = 'formloom.lastUser';

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The service worker never stores sign-in answers, so without a connection `GET /api/auth/me` fails. This
 * wrapper remembers who was last signed in on this device and answers `me()` with that person while the
 * server cannot be reached, so a reload offline opens the app (and their outbox) instead of an error. The
 * CSRF token is left empty: the client fetches a fresh one on its first write once the server answers.
 * A 401, signing out, or another sign-in replace or forget it.
 */
export function rememberSession<T extends ApiClient>(api: T, storage: SessionStorage | null): T {
  const remember = (session: Session) => {
    try {
      storage?.setItem(KEY, JSON.stringify(session.user));
    } catch {
      // storage full or blocked: the app still works online
    }
    return session;
  };
  const forget = () => {
    try {
      storage?.removeItem(KEY);
    } catch {
      // as above
    }
  };
  const remembered = (): User | null => {
    try {
      const raw = storage?.getItem(KEY);
      return raw ? (JSON.parse(raw) as User) : null;
    } catch {
      return null;
    }
  };
  return {
    ...api,
    async me() {
      try {
        return remember(await api.me());
      } catch (error) {
        const user = error instanceof NetworkError ? remembered() : null;
        if (user) return { user, csrfToken: '' };
        if (!(error instanceof NetworkError)) forget();
        throw error;
      }
    },
    login: async (email, password) => remember(await api.login(email, password)),
    async logout() {
      forget();
      await api.logout();
    },
  };
}

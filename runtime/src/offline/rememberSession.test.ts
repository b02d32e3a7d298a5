import { describe, expect, it } from 'vitest';
import { NetworkError } from '../api/errors.ts';
import { apiError, fakeApi, session, user } from '../test/fakeApi.ts';
import { rememberSession } from './rememberSession.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

const offline = () => Promise.reject(new NetworkError(new TypeError('Failed to fetch')));

describe('rememberSession', () => {
  it('answers me() with the last signed-in person while the server cannot be reached, with no CSRF token', async () => {
    const storage = memoryStorage();
    let reachable = true;
    const api = rememberSession(fakeApi({ me: () => (reachable ? Promise.resolve(session()) : offline()) }), storage);
    expect((await api.me()).csrfToken).toBe('csrf-1');
    reachable = false;
    expect(await api.me()).toEqual({ user: user(), csrfToken: '' });
  });

  it('does not invent a session nobody had, and forgets it on a 401 and on sign-out', async () => {
    const storage = memoryStorage();
    let answer: () => Promise<ReturnType<typeof session>> = offline;
    const api = rememberSession(fakeApi({ me: () => answer(), login: () => Promise.resolve(session({ id: 'u2' })) }), storage);
    await expect(api.me()).rejects.toBeInstanceOf(NetworkError);

    await api.login('a@example.com', 'pw');
    expect((await api.me()).user.id).toBe('u2');
    answer = () => Promise.reject(apiError({ statusCode: 401, code: 'unauthenticated' }));
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    answer = offline;
    await expect(api.me()).rejects.toBeInstanceOf(NetworkError);

    await api.login('a@example.com', 'pw');
    await api.logout();
    await expect(api.me()).rejects.toBeInstanceOf(NetworkError);
    expect(storage.items.size).toBe(0);
  });
});

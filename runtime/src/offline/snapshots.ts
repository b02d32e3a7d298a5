import { offlineDbOpener } from './offlineDb.ts';

/** One stored list: whose it is, under which name, and when it was fetched. */
export interface Snapshot {
  key: string;
  userId: string;
  savedAt: number;
  value: unknown;
}

/**
 * The last copy of lists a page needs to keep working without a connection (a scan page's items and zones).
 * Per user; all of it is forgotten on sign-out, like the service worker's cached forms.
 */
export interface SnapshotStore {
  get<T>(userId: string, name: string): Promise<T | undefined>;
  put(userId: string, name: string, value: unknown): Promise<void>;
  clear(): Promise<void>;
}

const keyOf = (userId: string, name: string) => `${userId}\n${name}`;

export function createMemorySnapshotStore(): SnapshotStore {
  const stored = new Map<string, Snapshot>();
  return {
    get: <T>(userId: string, name: string) => Promise.resolve(stored.get(keyOf(userId, name))?.value as T | undefined),
    put(userId, name, value) {
      stored.set(keyOf(userId, name), { key: keyOf(userId, name), userId, savedAt: Date.now(), value });
      return Promise.resolve();
    },
    clear() {
      stored.clear();
      return Promise.resolve();
    },
  };
}

export function createIdbSnapshotStore(open = offlineDbOpener()): SnapshotStore {
  return {
    async get<T>(userId: string, name: string) {
      const snapshot = await (await open()).get('snapshots', keyOf(userId, name));
      return snapshot?.userId === userId ? (snapshot.value as T) : undefined;
    },
    async put(userId, name, value) {
      await (await open()).put('snapshots', { key: keyOf(userId, name), userId, savedAt: Date.now(), value });
    },
    async clear() {
      await (await open()).clear('snapshots');
    },
  };
}

/** IndexedDB where the browser has it (the app), memory elsewhere (tests, private modes that block it). */
export function createDeviceSnapshotStore(): SnapshotStore {
  if (typeof indexedDB === 'undefined') return createMemorySnapshotStore();
  const idb = createIdbSnapshotStore();
  const memory = createMemorySnapshotStore();
  // A blocked or full database must not break the page: the copy then lasts as long as the tab.
  return {
    get: <T>(userId: string, name: string) => idb.get<T>(userId, name).catch(() => memory.get<T>(userId, name)),
    put: (userId, name, value) => idb.put(userId, name, value).catch(() => memory.put(userId, name, value)),
    clear: () => Promise.all([idb.clear().catch(() => undefined), memory.clear()]).then(() => undefined),
  };
}

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { byCreation } from './memoryOutboxStore.ts';
import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';

interface OfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { byUser: string } };
}

const DB_NAME = 'formloom-offline';
const DB_VERSION = 1;

/**
 * The outbox in IndexedDB, which survives reloads, closing the browser and restarts of the phone. Opened on
 * first use; `update` runs in one readwrite transaction (IndexedDB serialises those across tabs).
 */
export function createIdbOutboxStore(indexedDb: IDBFactory | undefined = globalThis.indexedDB): OutboxStore {
  let db: Promise<IDBPDatabase<OfflineDb>> | null = null;
  const open = () => {
    if (!indexedDb) return Promise.reject(new Error('IndexedDB is not available'));
    db ??= openDB<OfflineDb>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
      },
      // Another tab opened a newer version (a deploy): close, so its upgrade can go ahead.
      blocking() {
        void db?.then((d) => d.close());
        db = null;
      },
    }).catch((error: unknown) => {
      db = null;
      throw error;
    });
    return db;
  };
  return {
    async list(userId) {
      return (await (await open()).getAllFromIndex('outbox', 'byUser', userId)).sort(byCreation);
    },
    async get(id) {
      return (await open()).get('outbox', id);
    },
    async add(entry) {
      await (await open()).add('outbox', entry);
    },
    async update(id, change) {
      const tx = (await open()).transaction('outbox', 'readwrite');
      const current = await tx.store.get(id);
      const next = current ? change(current) : null;
      if (next) await tx.store.put(next);
      await tx.done;
      return next;
    },
    async remove(id) {
      await (await open()).delete('outbox', id);
    },
  };
}

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { LocalFile } from './localFiles.ts';
import type { OutboxEntry } from './outboxTypes.ts';
import type { Snapshot } from './snapshots.ts';

export interface OfflineDb extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  /** Photos, files and signatures taken without a connection, until their submission is sent. */
  files: { key: string; value: LocalFile };
  /** Lists a page fetched online and needs offline (a stock page's items and zones), per user. */
  snapshots: { key: string; value: Snapshot };
}

const DB_NAME = 'formloom-offline';
const DB_VERSION = 3;

/** Opens the device's offline database on first use, and again after another tab upgraded it. */
export function offlineDbOpener(indexedDb: IDBFactory | undefined = globalThis.indexedDB): () => Promise<IDBPDatabase<OfflineDb>> {
  let db: Promise<IDBPDatabase<OfflineDb>> | null = null;
  return () => {
    if (!indexedDb) return Promise.reject(new Error('IndexedDB is not available'));
    db ??= openDB<OfflineDb>(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) database.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
        if (oldVersion < 2) database.createObjectStore('files', { keyPath: 'id' });
        if (oldVersion < 3) database.createObjectStore('snapshots', { keyPath: 'key' });
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
}

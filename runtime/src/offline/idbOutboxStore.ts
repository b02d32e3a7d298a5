import type { IDBPDatabase } from 'idb';
import type { LocalFileStore } from './localFiles.ts';
import { byCreation } from './memoryOutboxStore.ts';
import { offlineDbOpener, type OfflineDb } from './offlineDb.ts';
import type { OutboxStore } from './outboxTypes.ts';

type Open = () => Promise<IDBPDatabase<OfflineDb>>;

/**
 * The outbox in IndexedDB, which survives reloads, closing the browser and restarts of the phone.
 * `update` runs in one readwrite transaction (IndexedDB serialises those across tabs).
 */
export function createIdbOutboxStore(open: Open = offlineDbOpener()): OutboxStore {
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

/** Files kept for the outbox, in the same database. */
export function createIdbLocalFileStore(open: Open = offlineDbOpener()): LocalFileStore {
  return {
    async put(file) {
      await (await open()).put('files', file);
    },
    async get(id) {
      return (await open()).get('files', id);
    },
    async remove(id) {
      await (await open()).delete('files', id);
    },
    async list() {
      return (await open()).getAll('files');
    },
  };
}

/** Both stores over one connection. */
export function createIdbOfflineStores(): { outbox: OutboxStore; files: LocalFileStore } {
  const open = offlineDbOpener();
  return { outbox: createIdbOutboxStore(open), files: createIdbLocalFileStore(open) };
}

import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';

const byCreation = (a: OutboxEntry, b: OutboxEntry) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * An outbox that forgets on reload: for tests, and where IndexedDB cannot be opened (then the page says so:
 * see OfflineProvider). Copies in and out, as IndexedDB's structured clone does.
 */
export function createMemoryOutboxStore(): OutboxStore {
  const entries = new Map<string, OutboxEntry>();
  const copy = (e: OutboxEntry): OutboxEntry => structuredClone(e);
  return {
    list: async (userId) =>
      [...entries.values()]
        .filter((e) => e.userId === userId)
        .sort(byCreation)
        .map(copy),
    get: async (id) => {
      const e = entries.get(id);
      return e && copy(e);
    },
    add: async (entry) => {
      if (entries.has(entry.id)) throw new Error(`outbox entry ${entry.id} exists`);
      entries.set(entry.id, copy(entry));
    },
    update: async (id, change) => {
      const current = entries.get(id);
      const next = current ? change(copy(current)) : null;
      if (!next) return null;
      entries.set(id, copy(next));
      return copy(next);
    },
    remove: async (id) => void entries.delete(id),
  };
}

export { byCreation };

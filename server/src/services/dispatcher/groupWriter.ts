import type { Knex } from 'knex';

/**
 * Outcome writes of deliveries that finish together share one transaction: one commit (one fsync
 * on SQLite, one round trip less per row on PostgreSQL) for however many lanes are waiting, the
 * way submissions share a group commit. A transaction that fails is retried one write at a time,
 * so one bad write never sinks the others.
 */
export interface GroupWriter {
  write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

interface Queued {
  work: (trx: Knex.Transaction) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export function createGroupWriter(db: Knex): GroupWriter {
  let queue: Queued[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      let results: unknown[] | null = null;
      try {
        results = await db.transaction(async (trx) => {
          const out: unknown[] = [];
          for (const item of batch) out.push(await item.work(trx));
          return out;
        });
      } catch {
        results = null;
      }
      if (results) {
        batch.forEach((item, i) => item.resolve(results[i]));
        continue;
      }
      for (const item of batch) {
        try {
          item.resolve(await db.transaction((trx) => item.work(trx)));
        } catch (err) {
          item.reject(err);
        }
      }
    }
  }

  function start() {
    if (flushing) return;
    flushing = true;
    void flush().finally(() => {
      flushing = false;
      if (queue.length > 0) start(); // queued after the loop's last look
    });
  }

  return {
    write<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        start();
      });
    },
  };
}

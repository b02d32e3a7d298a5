import type { Knex } from 'knex';

/**
 * Claiming work (deliveries, connector jobs) so that one process owns each row at a time: one
 * UPDATE … WHERE id IN (due rows, oldest first) … RETURNING that moves the rows to the in-flight
 * status, bumps `attempts` and sets `next_attempt_at` to the end of the lease. On PostgreSQL the
 * inner select takes FOR UPDATE SKIP LOCKED, so several servers take disjoint rows without waiting
 * on each other; SQLite has one writer and runs the statement atomically. The bumped `attempts` is
 * the claim's token: outcomes are written only where it still matches (see `stillOwned`), so a
 * process whose lease ran out cannot overwrite the work of the one that took over.
 */
export interface ClaimSpec {
  table: 'webhook_deliveries' | 'connector_jobs';
  /** The in-flight status: `delivering` or `running`. */
  inFlight: string;
  /** Extra narrowing of the due rows (e.g. only enabled subscriptions). */
  narrow?: (q: Knex.QueryBuilder) => void;
  columns: readonly string[];
}

const isPostgres = (db: Knex) => db.client.config.client === 'pg';

/** Rows due at `now`: waiting (pending, failed) or in flight with a lease that ran out. */
export async function claimDue<T>(db: Knex, spec: ClaimSpec, now: Date, leaseMs: number, limit: number): Promise<T[]> {
  if (limit <= 0) return [];
  const nowIso = now.toISOString();
  const due = db(`${spec.table} as w`)
    .whereIn('w.status', ['pending', 'failed', spec.inFlight])
    .where('w.next_attempt_at', '<=', nowIso)
    .orderBy('w.next_attempt_at')
    .limit(limit)
    .select('w.id');
  spec.narrow?.(due);
  if (isPostgres(db)) due.forUpdate('w').skipLocked();
  const rows = await db(spec.table)
    .whereIn('id', due)
    .update({
      status: spec.inFlight,
      attempts: db.raw('attempts + 1'),
      next_attempt_at: new Date(now.getTime() + leaseMs).toISOString(),
      updated_at: nowIso,
    })
    .returning(spec.columns as string[]);
  return rows as T[];
}

/** Narrows an outcome's UPDATE to the row as this claim left it. */
export function stillOwned(q: Knex.QueryBuilder, inFlight: string, claim: { id: string; attempts: number }): Knex.QueryBuilder {
  return q.where({ id: claim.id, status: inFlight, attempts: claim.attempts });
}

/**
 * Claims and works off everything due: up to `concurrency` rows in flight, topped up with a claim of
 * up to `batch` rows whenever half the lanes are free (a claim of 1 when `batch` is 1: one by one).
 * Never claims more than it can start at once, so no claimed row waits in a queue while its lease
 * runs. Returns how many rows it worked; ends when a claim comes back empty with every lane idle.
 */
export async function workOffDue<T>(
  claim: (limit: number) => Promise<T[]>,
  work: (row: T) => Promise<void>,
  options: { batch: number; concurrency: number; onError: (err: unknown) => void },
): Promise<number> {
  const inFlight = new Set<Promise<void>>();
  const refillAt = Math.max(1, Math.min(options.batch, Math.ceil(options.concurrency / 2)));
  let worked = 0;
  for (;;) {
    while (options.concurrency - inFlight.size < refillAt) await Promise.race(inFlight);
    const rows = await claim(Math.min(options.batch, options.concurrency - inFlight.size));
    if (rows.length === 0) {
      if (inFlight.size === 0) break;
      // Under a steady stream more is due by the time a lane frees: keep the lanes fed.
      await Promise.race(inFlight);
      continue;
    }
    worked += rows.length;
    for (const row of rows) {
      // A row's failure is its own (recorded by `work`); one that escapes is logged, never stops the rest.
      const running: Promise<void> = work(row)
        .catch(options.onError)
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
  }
  await Promise.all(inFlight);
  return worked;
}

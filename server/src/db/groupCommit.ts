import type { Knex } from 'knex';
import type { RowInsert } from './dialect.ts';

/** A row whose primary key says "this work was already done" (an idempotency key). */
export interface Claim {
  table: string;
  row: Record<string, unknown>;
  key: string[];
}

export interface RowWrite {
  rows: RowInsert[];
  claim?: Claim;
}

/** The claim row already existed: another request did this work; nothing was written. */
export class ClaimTakenError extends Error {
  constructor() {
    super('claim already taken');
  }
}

export const MAX_GROUP_SIZE = 64;

interface Job extends RowWrite {
  resolve(): void;
  reject(err: unknown): void;
}

const claimId = (c: Claim) => JSON.stringify(c.key.map((k) => c.row[k]));

/**
 * Group commit for SQLite. SQLite has one writer and, with synchronous=FULL, every COMMIT waits
 * for the disk; each statement also costs a hop to the driver's worker thread. Writes that arrive
 * while a group is committing are queued and the next group goes in ONE transaction with ONE
 * multi-row INSERT per table, so n submissions cost a handful of statements and one fsync. Nobody
 * is answered before the group's COMMIT returns. If the group fails (a constraint, say), it is
 * rolled back and each write is retried alone, so one bad write never sinks the others.
 */
export class GroupCommitter {
  private queue: Job[] = [];
  private draining = false;

  constructor(private readonly knex: Knex) {}

  write(write: RowWrite): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...write, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP_SIZE);
        try {
          const taken = await this.knex.transaction((trx) => commitGroup(trx, group));
          group.forEach((job, i) => (taken.has(i) ? job.reject(new ClaimTakenError()) : job.resolve()));
        } catch (err) {
          if (group.length === 1) {
            group[0].reject(err);
            continue;
          }
          for (const job of group) {
            try {
              const taken = await this.knex.transaction((trx) => commitGroup(trx, [job]));
              if (taken.size) job.reject(new ClaimTakenError());
              else job.resolve();
            } catch (jobErr) {
              job.reject(jobErr);
            }
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}

/** Writes a group inside `trx`; returns the indexes of jobs whose claim was already taken. */
async function commitGroup(trx: Knex.Transaction, group: RowWrite[]): Promise<Set<number>> {
  const taken = new Set<number>();
  const claims = group.map((j, i) => [i, j.claim] as const).filter((x): x is readonly [number, Claim] => Boolean(x[1]));
  if (claims.length) {
    const [, first] = claims[0];
    const inserted: Record<string, unknown>[] = await trx(first.table)
      .insert(claims.map(([, c]) => c.row))
      .onConflict(first.key)
      .ignore()
      .returning(first.key);
    const won = new Set(inserted.map((r) => JSON.stringify(first.key.map((k) => r[k]))));
    for (const [i, c] of claims) {
      const id = claimId(c);
      if (won.has(id))
        won.delete(id); // the first job with a key wins it, later ones in the group lose
      else taken.add(i);
    }
  }
  const byTable = new Map<string, Record<string, unknown>[]>();
  group.forEach((job, i) => {
    if (taken.has(i)) return;
    for (const [table, row] of job.rows) byTable.set(table, [...(byTable.get(table) ?? []), row]);
  });
  // One after another, in the order the rows were given: rows that refer to the submission (file
  // links, stock moves) must follow it, or SQLite's immediate foreign keys refuse them. A
  // transaction has one connection anyway, so running them at once gained nothing.
  for (const [table, rows] of byTable) await trx(table).insert(rows);
  return taken;
}

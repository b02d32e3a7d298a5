/**
 * Starting a digest's due run, once. Every server's tick may try: the `digest_runs` row is
 * inserted-or-ignored on its unique (digest, key), and only the transaction whose row it is writes
 * the deliveries, one per recipient, in the same transaction — so a run exists with all its
 * deliveries or not at all, and a restart or a second server finds it and starts nothing.
 */
import type { Knex } from 'knex';
import { newId } from '../../lib/ids.ts';
import { resolveRecipients } from './recipients.ts';
import { dueRun } from './schedule.ts';
import { bodyOf, type DigestRow } from './store.ts';

const INSERT_CHUNK = 200;

/** Starts the run if no one has; returns whether this call started it. */
export async function startRun(knex: Knex, row: DigestRow, run: { at: Date; key: string }, now: Date): Promise<boolean> {
  const body = bodyOf(row);
  const id = newId();
  const nowIso = now.toISOString();
  return knex.transaction(async (trx) => {
    // A server with a lagging clock must not start an older run after a newer one went out.
    const later = await trx('digest_runs').where({ digest_id: row.id }).where('scheduled_at', '>', run.at.toISOString()).first('id');
    if (later) return false;
    await trx('digest_runs')
      .insert({
        id,
        digest_id: row.id,
        key: run.key,
        scheduled_at: run.at.toISOString(),
        status: 'sending',
        recipients: 0,
        failed: 0,
        content: null,
        created_at: nowIso,
      })
      .onConflict(['digest_id', 'key'])
      .ignore();
    const stored: { id: string } | undefined = await trx('digest_runs').where({ digest_id: row.id, key: run.key }).first('id');
    if (stored?.id !== id) return false;
    const userIds = await resolveRecipients(trx, body.recipients);
    for (let i = 0; i < userIds.length; i += INSERT_CHUNK) {
      await trx('digest_deliveries').insert(
        userIds
          .slice(i, i + INSERT_CHUNK)
          .map((userId) => ({ id: newId(), run_id: id, user_id: userId, status: 'pending', attempts: 0, next_at: nowIso })),
      );
    }
    await trx('digest_runs')
      .where({ id })
      .update(userIds.length ? { recipients: userIds.length } : { status: 'sent', finished_at: nowIso });
    return true;
  });
}

/** Starts every enabled digest's due run that has not been started; returns the keys it started (as `digestId/key`). */
export async function startDueRuns(knex: Knex, now: Date): Promise<string[]> {
  const rows: DigestRow[] = await knex('digests').where({ enabled: true });
  const started: string[] = [];
  for (const row of rows) {
    const due = dueRun(bodyOf(row), row.enabled_at ? new Date(row.enabled_at) : null, now);
    if (!due) continue;
    const exists = await knex('digest_runs').where({ digest_id: row.id, key: due.key }).first('id');
    if (exists) continue;
    if (await startRun(knex, row, due, now)) started.push(`${row.id}/${due.key}`);
  }
  return started;
}

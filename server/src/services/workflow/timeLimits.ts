/**
 * Time limits: reminders, escalations and automatic decisions when a node's hours run out. The
 * ticker calls `runDueTimeLimits` with the current time; tests call it with any time they like.
 * Each due flow is stepped in its own transaction under a row lock taken with SKIP LOCKED, so
 * several servers on one PostgreSQL never act on the same flow twice: a flow one server is working
 * on is passed over by the others, and once it is done its `next_due_at` has moved on.
 */
import type { Knex } from 'knex';
import { runStep } from './engine.ts';
import { subjectOf } from './actions.ts';
import { loadOrgSnapshot } from './org.ts';
import { lockInstance, persistStep, readState } from './store.ts';

/** Flows handled per call; the rest wait for the next tick. */
const BATCH = 100;

/** Steps every flow with a reminder or time limit due at `now`. Returns how many flows it stepped. */
export async function runDueTimeLimits(db: Knex, now: string): Promise<number> {
  const due: { submission_id: string }[] = await db('approval_instances')
    .where('status', 'pending')
    .whereNotNull('next_due_at')
    .where('next_due_at', '<=', now)
    .orderBy('next_due_at')
    .limit(BATCH)
    .select('submission_id');
  let stepped = 0;
  for (const { submission_id: submissionId } of due) {
    const done = await db.transaction(async (trx) => {
      const instance = await lockInstance(trx, submissionId, { skipLocked: true });
      // Another server has it, or it moved on (decided, or its limits acted) since the list was read.
      if (!instance || instance.status !== 'pending' || !instance.next_due_at || instance.next_due_at > now) return false;
      const subject = await subjectOf(trx, instance);
      const before = readState(instance);
      const result = runStep(subject.definition, before, { type: 'tick' }, await loadOrgSnapshot(trx), now);
      await persistStep(
        trx,
        subject,
        { before, revision: Number(instance.revision), after: result.state, events: result.events },
        { actorId: null, now },
      );
      return true;
    });
    if (done) stepped++;
  }
  return stepped;
}

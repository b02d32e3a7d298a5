/** A person's signed-in browsers: listing them and ending them (by the person or by an admin). */
import type { SecuritySettings, SessionSummary } from '@formloom/schemas';
import type { Knex } from 'knex';
import { NotFoundError } from '../../lib/errors.ts';
import { sessionsRepo, type SessionRow } from '../../repositories/credentials.ts';
import type { Db } from '../../repositories/types.ts';
import { sessionEndsAt } from '../../plugins/app/auth.ts';
import { recordAudit } from '../audit/record.ts';

/** The person's sessions still alive under the policy, most recently used first. */
export async function listSessions(
  db: Db,
  userId: string,
  policy: SecuritySettings['sessions'],
  currentSessionId: string | undefined,
  now = Date.now(),
): Promise<SessionSummary[]> {
  const rows = await sessionsRepo.listForUser(db, userId);
  return rows
    .map((row: SessionRow) => ({ row, endsAt: sessionEndsAt(row, policy) }))
    .filter(({ endsAt }) => endsAt > now)
    .map(({ row, endsAt }) => ({
      id: row.public_id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: new Date(endsAt).toISOString(),
      ip: row.ip ?? null,
      userAgent: row.user_agent ?? null,
      current: row.id === currentSessionId,
    }));
}

/** Ends one session of the person's own (404 when it is not theirs or already ended). */
export async function revokeOwnSession(knex: Knex, userId: string, publicId: string, ip: string | null): Promise<void> {
  await knex.transaction(async (trx) => {
    const n = await sessionsRepo.deleteByPublicId(trx, userId, publicId);
    if (!n) throw new NotFoundError('session_not_found', 'There is no such session of yours (it may have ended already).');
    await recordAudit(trx, {
      action: 'session.revoked',
      actorId: userId,
      targetType: 'session',
      targetId: publicId,
      ip,
      details: { userId, scope: 'one' },
    });
  });
}

/**
 * Ends every session of a person (an admin's "sign out everywhere"), or all but the caller's own
 * (`exceptSessionId`, a person signing out their other devices).
 */
export async function revokeSessions(
  knex: Knex,
  args: { userId: string; actorId: string; ip: string | null; exceptSessionId?: string; reason: string },
): Promise<number> {
  return knex.transaction(async (trx) => {
    const n = await sessionsRepo.deleteForUser(trx, args.userId, args.exceptSessionId);
    await recordAudit(trx, {
      action: 'session.revoked',
      actorId: args.actorId,
      targetType: 'user',
      targetId: args.userId,
      ip: args.ip,
      details: { scope: args.exceptSessionId ? 'others' : 'all', reason: args.reason, sessionsEnded: n },
    });
    return n;
  });
}

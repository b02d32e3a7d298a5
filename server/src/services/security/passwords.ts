/**
 * Local passwords: a person changing their own, an admin setting one, and who may have one at all.
 * Directory (auth_source 'ldap') and single-sign-on-only people cannot set a local password: theirs
 * is managed elsewhere (409 password_managed_elsewhere). Every change is checked against the policy
 * and the person's last passwords, ends their other sessions and is audited (never the password).
 */
import type { PasswordPolicy } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso } from '../../db/dialect.ts';
import { AppError, ConflictError, NotFoundError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { hashPassword, verifyPassword } from '../../lib/secrets.ts';
import { apiTokensRepo, sessionsRepo } from '../../repositories/credentials.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import type { UserRow } from '../../repositories/users.ts';
import { recordAudit } from '../audit/record.ts';
import { passwordLoginAllowed } from '../sso/policy.ts';
import { passwordProblems, weakPasswordError } from './passwordPolicy.ts';
import { loadSecuritySettings } from './settings.ts';

/** The most password hashes kept per person (the policy's history may be at most this). */
const HISTORY_KEPT = 24;

/** Whether this person's password is ours to set (a local account that may sign in with a password). */
export async function hasLocalPassword(db: Db, user: Pick<UserRow, 'id' | 'auth_source'>): Promise<boolean> {
  if ((user.auth_source ?? 'local') !== 'local') return false;
  return passwordLoginAllowed(db, user.id);
}

async function assertLocal(db: Db, user: UserRow): Promise<void> {
  if (!(await hasLocalPassword(db, user))) {
    throw new ConflictError(
      'password_managed_elsewhere',
      user.auth_source && user.auth_source !== 'local'
        ? 'This account signs in with the company directory; change the password there.'
        : 'This account signs in with single sign-on; its password is managed by the identity provider.',
    );
  }
}

/** Policy problems and reuse of the current or the last passwords → 422 password_too_weak. */
async function assertAcceptable(db: Db, user: UserRow, password: string, policy: PasswordPolicy): Promise<void> {
  const problems = passwordProblems(password, policy, { email: user.email, name: user.name });
  if (policy.historyCount > 0 && !problems.includes('too_short')) {
    const previous: { password_hash: string }[] = await db('password_history')
      .where({ user_id: user.id })
      .orderBy('created_at', 'desc')
      .limit(Math.max(0, policy.historyCount - 1))
      .select('password_hash');
    const hashes = [user.password_hash, ...previous.map((p) => p.password_hash)].filter((h): h is string => Boolean(h));
    for (const hash of hashes) {
      if (await verifyPassword(password, hash)) {
        problems.push('reused');
        break;
      }
    }
  }
  if (problems.length) throw weakPasswordError(problems, policy);
}

/** Stores the new hash and keeps the old one in the history (trimmed to HISTORY_KEPT). */
async function storePassword(trx: Knex.Transaction, user: UserRow, hash: string): Promise<void> {
  await trx('users').where({ id: user.id }).update({ password_hash: hash });
  if (user.password_hash) {
    await trx('password_history').insert({ id: newId(), user_id: user.id, password_hash: user.password_hash, created_at: nowIso() });
    const old: { id: string }[] = await trx('password_history')
      .where({ user_id: user.id })
      .orderBy('created_at', 'desc')
      .offset(HISTORY_KEPT)
      .select('id');
    if (old.length)
      await trx('password_history')
        .whereIn(
          'id',
          old.map((o) => o.id),
        )
        .delete();
  }
}

/**
 * A person changes their own password: the current one must be right (a wrong one is 422
 * current_password_wrong), the new one acceptable. Their other sessions end; this one stays.
 */
export async function changeOwnPassword(
  knex: Knex,
  args: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string | undefined; ip: string | null },
): Promise<{ sessionsEnded: number }> {
  const user = await knex<UserRow>('users').where({ id: args.userId }).first();
  if (!user) throw new NotFoundError('user_not_found', 'Your account no longer exists.');
  await assertLocal(knex, user);
  if (!(await verifyPassword(args.currentPassword, user.password_hash))) {
    throw new AppError(422, 'current_password_wrong', 'Your current password is not right.');
  }
  const policy = (await loadSecuritySettings(knex)).passwords;
  await assertAcceptable(knex, user, args.newPassword, policy);
  const hash = await hashPassword(args.newPassword);
  return knex.transaction(async (trx) => {
    await storePassword(trx, user, hash);
    const sessionsEnded = await sessionsRepo.deleteForUser(trx, user.id, args.keepSessionId);
    await appendEvent(trx, { type: 'user.updated', actorId: user.id, payload: { userId: user.id, changed: ['password'] } });
    await recordAudit(trx, {
      action: 'user.password_changed',
      actorId: user.id,
      targetType: 'user',
      targetId: user.id,
      ip: args.ip,
      details: { by: 'self', otherSessionsEnded: sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/**
 * An admin sets a person's password (someone the org-chart import created, or a forgotten one):
 * checked against the policy; every session of theirs ends and their API tokens are revoked, since
 * a reset usually means the old password may be known to someone else.
 */
export async function setPasswordByAdmin(
  knex: Knex,
  userId: string,
  password: string,
  actorId: string,
  ip: string | null = null,
): Promise<void> {
  const user = await knex<UserRow>('users').where({ id: userId }).first();
  if (!user) throw new NotFoundError('user_not_found', `No user has the id ${userId}.`);
  await assertLocal(knex, user);
  const policy = (await loadSecuritySettings(knex)).passwords;
  await assertAcceptable(knex, user, password, policy);
  const hash = await hashPassword(password);
  await knex.transaction(async (trx) => {
    await storePassword(trx, user, hash);
    const sessionsEnded = await sessionsRepo.deleteForUser(trx, userId);
    const tokensRevoked = await apiTokensRepo.revokeAllForUser(trx, userId, nowIso());
    await appendEvent(trx, { type: 'user.updated', actorId, payload: { userId, changed: ['password'] } });
    await recordAudit(trx, {
      action: 'user.password_changed',
      actorId,
      targetType: 'user',
      targetId: userId,
      ip,
      details: { by: 'admin', sessionsEnded, tokensRevoked },
    });
  });
}

/** The policy check for a brand-new local account (no history yet). */
export async function assertNewPasswordAcceptable(db: Db, password: string, owner: { email: string; name: string }): Promise<void> {
  const policy = (await loadSecuritySettings(db)).passwords;
  const problems = passwordProblems(password, policy, owner);
  if (problems.length) throw weakPasswordError(problems, policy);
}

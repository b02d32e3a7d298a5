import type { AdminUser, CreateUserBody, UpdateUserBody, User } from '@formloom/schemas';
import { isUniqueViolation, nowIso } from '../db/dialect.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword, randomPassword } from '../lib/secrets.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Db } from '../repositories/types.ts';
import { toUser, usersRepo, type UserRow } from '../repositories/users.ts';
import type { Knex } from 'knex';
import { checkOrgPlacement, positionsByUser, setPositions } from './organization.ts';
import { recordAudit } from './audit/record.ts';
import { assertNewPasswordAcceptable } from './security/passwords.ts';
import { sessionsRepo } from '../repositories/credentials.ts';

/**
 * Creates a local account. An admin's request (`audit` given) is checked against the password policy
 * and audited; the first admin from the environment is neither (the operator chose that password).
 */
export async function createUser(knex: Knex, input: CreateUserBody, actorId: string | null, audit?: { ip: string | null }): Promise<User> {
  if (audit) await assertNewPasswordAcceptable(knex, input.password, { email: input.email, name: input.name });
  const row = {
    id: newId(),
    email: input.email,
    name: input.name,
    role: input.role,
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? null,
    created_at: nowIso(),
    disabled_at: null,
    department_id: input.departmentId ?? null,
    manager_id: input.managerId ?? null,
  };
  try {
    await knex.transaction(async (trx) => {
      await checkOrgPlacement(trx, row.id, input);
      await usersRepo.insert(trx, row);
      if (input.positions) await setPositions(trx, row.id, input.positions);
      await appendEvent(trx, { type: 'user.created', actorId, payload: { userId: row.id, role: row.role } });
      if (audit) {
        await recordAudit(trx, {
          action: 'user.created',
          actorId,
          targetType: 'user',
          targetId: row.id,
          ip: audit.ip,
          details: { email: row.email.toLowerCase(), role: row.role },
        });
      }
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('email_taken', `A user with the email ${input.email} already exists.`);
    throw err;
  }
  return toUser({ ...row, email: row.email.toLowerCase() });
}

/**
 * The first start creates the admin: from FORMLOOM_ADMIN_EMAIL/PASSWORD when set, otherwise
 * admin@localhost with a random password that is returned once (to print) and stored only hashed.
 */
export async function ensureFirstAdmin(
  knex: Knex,
  opts: { email: string | null; password: string | null },
): Promise<{ email: string; generatedPassword: string | null; created: boolean }> {
  const email = opts.email ?? 'admin@localhost';
  if ((await usersRepo.count(knex)) > 0) return { email, generatedPassword: null, created: false };
  const password = opts.password ?? randomPassword();
  try {
    await createUser(knex, { email, name: 'Administrator', password, role: 'admin' }, null);
  } catch (err) {
    // Another server process created it at the same moment.
    if (err instanceof ConflictError) return { email, generatedPassword: null, created: false };
    throw err;
  }
  return { email, generatedPassword: opts.password ? null : password, created: true };
}

function toAdminUser(row: UserRow, positions: Map<string, string[]>): AdminUser {
  return {
    ...toUser(row),
    departmentId: row.department_id ?? null,
    managerId: row.manager_id ?? null,
    positions: positions.get(row.id) ?? [],
    disabled: Boolean(row.disabled_at),
  };
}

export async function listAdminUsers(db: Db): Promise<AdminUser[]> {
  const [rows, positions] = await Promise.all([usersRepo.list(db), positionsByUser(db)]);
  return rows.map((row) => toAdminUser(row, positions));
}

export async function adminUserById(db: Db, id: string): Promise<AdminUser> {
  const row = await usersRepo.findById(db, id);
  if (!row) throw new NotFoundError('user_not_found', `No user has the id ${id}.`);
  return toAdminUser(row, await positionsByUser(db, [id]));
}

/**
 * An admin changes a user; they cannot disable themselves or drop their own admin role (no lock-out).
 * Disabling ends the person's sessions at once (their API tokens stop working while disabled: the
 * credential check refuses disabled people); the caller clears the credential cache.
 */
export async function updateUser(
  knex: Knex,
  id: string,
  input: UpdateUserBody,
  actorId: string,
  ip: string | null = null,
): Promise<AdminUser> {
  const changed = Object.keys(input).filter((k) => input[k as keyof UpdateUserBody] !== undefined);
  if (id === actorId && (input.disabled === true || (input.role !== undefined && input.role !== 'admin'))) {
    throw new UnprocessableError('cannot_demote_self', 'You cannot disable yourself or remove your own admin role; ask another admin.');
  }
  await knex.transaction(async (trx) => {
    const row = await trx<UserRow>('users').where({ id }).first();
    if (!row) throw new NotFoundError('user_not_found', `No user has the id ${id}.`);
    await checkOrgPlacement(trx, id, input);
    const patch: Partial<UserRow> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.role !== undefined) patch.role = input.role;
    if (input.locale !== undefined) patch.locale = input.locale;
    if (input.departmentId !== undefined) patch.department_id = input.departmentId;
    if (input.managerId !== undefined) patch.manager_id = input.managerId;
    if (input.disabled !== undefined) patch.disabled_at = input.disabled ? (row.disabled_at ?? nowIso()) : null;
    if (Object.keys(patch).length > 0) await trx('users').where({ id }).update(patch);
    if (input.positions) await setPositions(trx, id, input.positions);
    if (changed.length > 0) await appendEvent(trx, { type: 'user.updated', actorId, payload: { userId: id, changed } });
    const target = { actorId, targetType: 'user', targetId: id, ip };
    const fields = changed.filter((k) => k !== 'disabled');
    if (fields.length > 0) await recordAudit(trx, { ...target, action: 'user.updated', details: { fields } });
    if (input.disabled === true && !row.disabled_at) {
      const sessionsEnded = await sessionsRepo.deleteForUser(trx, id);
      await recordAudit(trx, { ...target, action: 'user.disabled', details: { sessionsEnded } });
    } else if (input.disabled === false && row.disabled_at) {
      await recordAudit(trx, { ...target, action: 'user.enabled', details: {} });
    }
  });
  return adminUserById(knex, id);
}

export async function userExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await usersRepo.findById(db, id));
}

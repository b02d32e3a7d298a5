import type { CreateUserBody, User } from '@formloom/schemas';
import { isUniqueViolation, nowIso } from '../db/dialect.ts';
import { ConflictError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { hashPassword, randomPassword } from '../lib/secrets.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Db } from '../repositories/types.ts';
import { toUser, usersRepo } from '../repositories/users.ts';
import type { Knex } from 'knex';

export async function createUser(knex: Knex, input: CreateUserBody, actorId: string | null): Promise<User> {
  const row = {
    id: newId(),
    email: input.email,
    name: input.name,
    role: input.role,
    password_hash: await hashPassword(input.password),
    locale: input.locale ?? null,
    created_at: nowIso(),
    disabled_at: null,
  };
  try {
    await knex.transaction(async (trx) => {
      await usersRepo.insert(trx, row);
      await appendEvent(trx, { type: 'user.created', actorId, payload: { userId: row.id, role: row.role } });
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

export async function userExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await usersRepo.findById(db, id));
}

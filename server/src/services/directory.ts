import type { DirectoryUser, DirectoryUsersQuery } from '@formloom/schemas';
import type { Knex } from 'knex';
import type { Db } from '../repositories/types.ts';
import { positionsByUser } from './organization.ts';
import { setPasswordByAdmin } from './security/passwords.ts';

/**
 * The people directory every signed-in user may read, for pickers and for showing a stored person
 * value as a name. Only enabled users, and only what a colleague may see (no role, no locale).
 */

/** `%` and `_` typed by a person are letters, not LIKE wildcards. */
const likeLiteral = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function searchDirectory(db: Db, query: DirectoryUsersQuery): Promise<DirectoryUser[]> {
  const rows = db('users').whereNull('disabled_at').select('id', 'name', 'email', 'department_id');
  const ids = query.ids
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids) rows.whereIn('id', ids.slice(0, query.limit));
  if (query.departmentId) rows.where('department_id', query.departmentId);
  if (query.q) {
    // lower() on both sides: Chinese has no letter case, so a CJK search is a plain substring match.
    const pattern = likeLiteral(query.q);
    rows.where((w) => w.whereRaw("lower(name) like ? escape '\\'", [pattern]).orWhereRaw("lower(email) like ? escape '\\'", [pattern]));
  }
  const found = (await rows.orderBy('name').orderBy('id').limit(query.limit)) as {
    id: string;
    name: string;
    email: string;
    department_id: string | null;
  }[];
  const positions = await positionsByUser(
    db,
    found.map((r) => r.id),
  );
  return found.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    departmentId: r.department_id ?? null,
    positions: positions.get(r.id) ?? [],
    disabled: false as const,
  }));
}

/** Every position an enabled person holds, once (letter case ignored: the first spelling in code-point order), sorted. */
export async function listPositions(db: Db): Promise<string[]> {
  const rows: { role: string; role_key: string }[] = await db('user_roles')
    .join('users', 'users.id', 'user_roles.user_id')
    .whereNull('users.disabled_at')
    .distinct('user_roles.role', 'user_roles.role_key');
  const byKey = new Map<string, string>();
  for (const row of rows) {
    const known = byKey.get(row.role_key);
    if (known === undefined || row.role < known) byKey.set(row.role_key, row.role);
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** Whether `id` names an enabled user (a person field's value must). */
export async function isEnabledUser(db: Db, id: string): Promise<boolean> {
  return Boolean(await db('users').where({ id }).whereNull('disabled_at').first('id'));
}

/**
 * An admin gives a person a password: how someone the org-chart import created (with none) can sign
 * in, and how a forgotten one is replaced. Checked against the security policy; the person's sessions
 * end and their API tokens are revoked (services/security/passwords).
 */
export async function setUserPassword(
  knex: Knex,
  userId: string,
  password: string,
  actorId: string,
  ip: string | null = null,
): Promise<void> {
  await setPasswordByAdmin(knex, userId, password, actorId, ip);
}

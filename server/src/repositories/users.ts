import type { Role, User } from '@formloom/schemas';
import type { Db } from './types.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  locale: string | null;
  created_at: string;
  disabled_at: string | null;
  department_id?: string | null;
  manager_id?: string | null;
  /** 'local' or 'ldap' (migration 018); SSO links live in their own table. */
  auth_source?: string;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: (row.locale as User['locale']) ?? null,
    createdAt: row.created_at,
  };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const usersRepo = {
  findByEmail: (db: Db, email: string) =>
    db<UserRow>('users')
      .where({ email: normalizeEmail(email) })
      .first(),
  findById: (db: Db, id: string) => db<UserRow>('users').where({ id }).first(),
  insert: (db: Db, row: UserRow) => db('users').insert({ ...row, email: normalizeEmail(row.email) }),
  count: async (db: Db) => Number((await db('users').count({ n: '*' }).first())?.n ?? 0),
  list: (db: Db) => db<UserRow>('users').orderBy('email'),
};

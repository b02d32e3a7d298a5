import type { Db } from './types.ts';
import type { UserRow } from './users.ts';

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** Shown and revoked by; the primary key (the cookie's hash) never leaves the server. */
  public_id: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const userColumns = [
  'u.id',
  'u.email',
  'u.name',
  'u.role',
  'u.locale',
  'u.created_at',
  'u.disabled_at',
  'u.password_hash',
  'u.auth_source',
];

export const sessionsRepo = {
  insert: (db: Db, row: SessionRow) => db('sessions').insert(row),
  delete: (db: Db, id: string) => db('sessions').where({ id }).delete(),
  listForUser: (db: Db, userId: string) => db<SessionRow>('sessions').where({ user_id: userId }).orderBy('last_seen_at', 'desc'),
  deleteByPublicId: (db: Db, userId: string, publicId: string) => db('sessions').where({ user_id: userId, public_id: publicId }).delete(),
  /** Ends a person's sessions, except the one given (the caller's own, when they change their password). */
  deleteForUser: (db: Db, userId: string, exceptId?: string) => {
    const q = db('sessions').where({ user_id: userId });
    if (exceptId) q.whereNot({ id: exceptId });
    return q.delete();
  },
  touch: (db: Db, id: string, at: string, expiresAt: string) =>
    db('sessions').where({ id }).update({ last_seen_at: at, expires_at: expiresAt }),
  async findWithUser(db: Db, id: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
    const row = await db('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.id', id)
      .first([
        's.id as s_id',
        's.csrf_token',
        's.expires_at',
        's.last_seen_at',
        's.created_at as s_created_at',
        's.public_id',
        's.ip as s_ip',
        's.user_agent',
        ...userColumns,
      ]);
    if (!row) return undefined;
    const { s_id, csrf_token, expires_at, last_seen_at, s_created_at, public_id, s_ip, user_agent, ...user } = row;
    return {
      session: {
        id: s_id,
        user_id: user.id,
        csrf_token,
        expires_at,
        last_seen_at,
        created_at: s_created_at,
        public_id,
        ip: s_ip,
        user_agent,
      },
      user,
    };
  },
};

export const apiTokensRepo = {
  insert: (db: Db, row: ApiTokenRow) => db('api_tokens').insert(row),
  listForUser: (db: Db, userId: string) =>
    db<ApiTokenRow>('api_tokens').where({ user_id: userId }).whereNull('revoked_at').orderBy('created_at', 'desc'),
  revoke: (db: Db, userId: string, id: string, at: string) =>
    db('api_tokens').where({ id, user_id: userId }).whereNull('revoked_at').update({ revoked_at: at }),
  touch: (db: Db, id: string, at: string) => db('api_tokens').where({ id }).update({ last_used_at: at }),
  revokeAllForUser: (db: Db, userId: string, at: string) =>
    db('api_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: at }),
  async findWithUser(db: Db, hash: string): Promise<{ token: ApiTokenRow; user: UserRow } | undefined> {
    const row = await db('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .where('t.token_hash', hash)
      .whereNull('t.revoked_at')
      .first(['t.id as t_id', 't.name as t_name', 't.last_used_at', ...userColumns]);
    if (!row) return undefined;
    const { t_id, t_name, last_used_at, ...user } = row;
    return { token: { id: t_id, name: t_name, last_used_at } as ApiTokenRow, user };
  },
};

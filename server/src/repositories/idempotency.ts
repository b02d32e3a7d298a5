import type { Db } from './types.ts';

export interface IdempotencyRow {
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: unknown;
  created_at: string;
}

export const idempotencyRepo = {
  find: (db: Db, userId: string, key: string) => db<IdempotencyRow>('idempotency_keys').where({ user_id: userId, key }).first(),
  insert: (db: Db, row: IdempotencyRow) => db('idempotency_keys').insert(row),
  deleteOlderThan: (db: Db, iso: string) => db('idempotency_keys').where('created_at', '<', iso).delete(),
};

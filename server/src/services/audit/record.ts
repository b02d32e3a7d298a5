/**
 * Writes one entry of the append-only audit log. Call it with the transaction of the change it
 * records, so the entry exists if and only if the change committed; sign-ins and refusals, which
 * change nothing else, pass the pool. Rows are chained: each `hash` is sha256 over the previous
 * entry's hash and this entry's canonical JSON, so an edited or deleted row shows up when the chain
 * is checked (the database also refuses UPDATE and DELETE on the table: migration 017).
 */
import { createHash } from 'node:crypto';
import type { AuditAction } from '@formloom/schemas';
import { newId } from '../../lib/ids.ts';
import { nowIso, writeJson } from '../../db/dialect.ts';
import type { Db } from '../../repositories/types.ts';
import { stableStringify } from '../stableJson.ts';

export interface AuditRecord {
  action: AuditAction;
  actorId: string | null;
  targetType?: string | null;
  targetId?: string | null;
  appId?: string | null;
  ip?: string | null;
  /** Specifics; never a password, token, secret or a sensitive field's value. */
  details?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number | string;
  id: string;
  at: string;
  action: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  app_id: string | null;
  ip: string | null;
  details: unknown;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of an entry: everything but `seq` (assigned by the database) and the hashes. */
export function auditEntryHash(
  prevHash: string,
  row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash' | 'details'> & { details: Record<string, unknown> },
): string {
  const content = stableStringify({
    id: row.id,
    at: row.at,
    action: row.action,
    actorId: row.actor_id,
    targetType: row.target_type,
    targetId: row.target_id,
    appId: row.app_id,
    ip: row.ip,
    details: row.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export async function recordAudit(db: Db, entry: AuditRecord): Promise<void> {
  const write = async (trx: Db) => {
    // One chain: writers take turns (PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer).
    if (trx.client.config.client === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK]);
    const last: { hash: string } | undefined = await trx('audit_log').orderBy('seq', 'desc').first('hash');
    const prevHash = last?.hash ?? GENESIS_HASH;
    // As it will read back from the column (a Date becomes its text, undefined goes), so the hash checks later.
    const details = JSON.parse(writeJson(entry.details ?? {})) as Record<string, unknown>;
    const row = {
      id: newId(),
      at: nowIso(),
      action: entry.action,
      actor_id: entry.actorId,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      app_id: entry.appId ?? null,
      ip: entry.ip ?? null,
    };
    const hash = auditEntryHash(prevHash, { ...row, details });
    await trx('audit_log').insert({ ...row, details: writeJson(details), prev_hash: prevHash, hash });
  };
  if ('isTransaction' in db && db.isTransaction) await write(db);
  else await (db as import('knex').Knex).transaction(write);
}

/** Any constant: the key of the advisory lock that orders audit writers on PostgreSQL. */
const AUDIT_CHAIN_LOCK = 7_262_001;

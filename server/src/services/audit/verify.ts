/**
 * Checking the audit log's hash chain, oldest first, a page at a time (a long log never sits in
 * memory). Each entry must name the previous entry's hash and hash to its own stored value; the
 * first one that does not is reported. A changed row fails its own hash; a removed or reordered row
 * breaks the link of the entry after it.
 */
import type { Knex } from 'knex';
import type { AuditVerifyResult } from '@formloom/schemas';
import { nowIso, readInt, readJson } from '../../db/dialect.ts';
import { auditEntryHash, GENESIS_HASH, type AuditRow } from './record.ts';

/** Entries read per query while walking the chain. */
export const VERIFY_PAGE = 1000;

export async function verifyAuditChain(db: Knex, pageSize = VERIFY_PAGE): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let lastSeq: number | null = null;
  let checked = 0;
  const result = (brokenSeq: number | null, problem: AuditVerifyResult['problem']): AuditVerifyResult => ({
    ok: brokenSeq === null,
    checked,
    lastSeq,
    brokenSeq,
    problem,
    checkedAt: nowIso(),
  });
  for (;;) {
    const q = db('audit_log').orderBy('seq', 'asc').limit(pageSize);
    if (lastSeq !== null) q.where('seq', '>', lastSeq);
    const rows: AuditRow[] = await q;
    for (const row of rows) {
      const seq = readInt(row.seq);
      if (row.prev_hash !== prevHash) return result(seq, 'chain_broken');
      const hash = auditEntryHash(prevHash, { ...row, details: readJson<Record<string, unknown>>(row.details) ?? {} });
      if (hash !== row.hash) return result(seq, 'content_changed');
      prevHash = row.hash;
      lastSeq = seq;
      checked++;
    }
    if (rows.length < pageSize) return result(null, null);
  }
}

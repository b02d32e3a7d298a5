import type { Knex } from 'knex';
import type { JsonObject, User } from '@formloom/schemas';
import type { RowInsert } from '../db/dialect.ts';
import type { FormRow } from '../repositories/forms.ts';
import type { Db } from '../repositories/types.ts';
import { submissionFiles } from './filesSubmission.ts';
import { geofenceExtension } from './geofence.ts';
import { personFieldsExtension } from './personFields.ts';
import { assignmentsExtension } from './schedules/extension.ts';
import { digitalSignatureExtension } from './signatures/extension.ts';
import { stockLedgerExtension } from './stock/extension.ts';
import { workflowExtension } from './workflow/extension.ts';

/** What an extension knows about the submission being written. */
export interface SubmissionContext {
  /** For reads before the write (the reader pool on SQLite). */
  db: Db;
  user: User;
  form: FormRow;
  version: number;
  schema: JsonObject;
  uiSchema: JsonObject;
  submissionId: string;
  /** ISO time of this write. */
  now: string;
  operation: 'create' | 'update' | 'import' | 'delete';
  /** The stored data before an update. */
  previous?: JsonObject;
}

/**
 * A feature that takes part in storing submissions (uploaded files, geofences, the stock ledger),
 * so the create, edit and import paths all run the same checks and effects, in this order:
 * relations and options are resolved, then every `prepare`, then stamps, calculations, numbering and
 * schema validation; then the row is written with every extension's `rows`, and `transactional`
 * work runs inside that same transaction.
 */
export interface SubmissionExtension {
  name: string;
  /**
   * Checks and fills the data before validation. Throw an AppError (a 422 with a code a person can
   * act on) to refuse; return `flags` to store the submission marked instead (merged into
   * `submissions.flags`, e.g. `{geofence: {...}}`).
   */
  prepare?(ctx: SubmissionContext, data: JsonObject): Promise<{ data?: JsonObject; flags?: JsonObject } | void>;
  /** Extra rows stored with the submission, all or nothing (link rows, say). Keeps the fast path. */
  rows?(ctx: SubmissionContext, data: JsonObject): RowInsert[];
  /**
   * Work inside the writing transaction, after the rows are inserted (stock on-hand updates). A
   * throw rolls the whole write back. Returning a function moves this write off the group-commit /
   * one-statement fast path onto one ordinary transaction.
   */
  transactional?(ctx: SubmissionContext, data: JsonObject): ((trx: Knex.Transaction) => Promise<void>) | null;
  /**
   * Inside the transaction that deletes a submission (`data` is what was stored): throw an AppError
   * to refuse (a stock movement is corrected by a new movement, say), or undo side effects.
   */
  onDelete?(ctx: SubmissionContext, data: JsonObject, trx: Knex.Transaction): Promise<void>;
  /** Whether the stored submission is closed to edits and deletes (a recorded stock movement), so pages can say so up front. */
  locked?(db: Db, submissionId: string): Promise<boolean>;
}

/** Registered in the order they run. Each feature adds itself here. */
export const submissionExtensions: SubmissionExtension[] = [
  personFieldsExtension,
  geofenceExtension,
  submissionFiles,
  stockLedgerExtension,
  assignmentsExtension,
  digitalSignatureExtension,
  workflowExtension,
];

export interface PreparedExtensions {
  data: JsonObject;
  flags: JsonObject | null;
}

export async function runPrepare(ctx: SubmissionContext, data: JsonObject): Promise<PreparedExtensions> {
  let flags: JsonObject | null = null;
  for (const ext of submissionExtensions) {
    const out = await ext.prepare?.(ctx, data);
    if (out?.data) data = out.data;
    if (out?.flags) flags = { ...(flags ?? {}), ...out.flags };
  }
  return { data, flags };
}

export function extensionRows(ctx: SubmissionContext, data: JsonObject): RowInsert[] {
  return submissionExtensions.flatMap((ext) => ext.rows?.(ctx, data) ?? []);
}

/** The extensions' in-transaction work as one function, or null when there is none. */
export function transactionalWork(ctx: SubmissionContext, data: JsonObject): ((trx: Knex.Transaction) => Promise<void>) | null {
  const work = submissionExtensions.map((ext) => ext.transactional?.(ctx, data) ?? null).filter((w) => w !== null);
  if (work.length === 0) return null;
  return async (trx) => {
    for (const w of work) await w(trx);
  };
}

/** True when an extension keeps this submission from being edited or deleted, whoever asks. */
export async function submissionLocked(db: Db, submissionId: string): Promise<boolean> {
  for (const ext of submissionExtensions) if (await ext.locked?.(db, submissionId)) return true;
  return false;
}

/**
 * Writing a checked import: ONE transaction with multi-row inserts in batches — the submissions,
 * their `submission.created` events and the extensions' rows — then the extensions' in-transaction
 * work, the auto-numbers and the import's final state. Either all of it commits or none of it.
 */
import type { Knex } from 'knex';
import type { JsonObject, User } from '@formloom/schemas';
import { readInt, writeJson, type RowInsert } from '../../db/dialect.ts';
import type { SequenceKey } from '../../db/sequences.ts';
import { AppError } from '../../lib/errors.ts';
import { eventRow } from '../../repositories/events.ts';
import type { FormRow } from '../../repositories/forms.ts';
import { auditSubmissionsImported } from '../audit/dataEvents.ts';
import { extensionRows, transactionalWork } from '../submissionExtensions.ts';
import { existingKeys, type CheckedRow } from './checkRows.ts';
import { importsStore } from './store.ts';

/** A row refused inside the writing transaction (stock that would go below zero, say); everything is rolled back. */
export class ImportRowError extends AppError {
  constructor(
    readonly row: number,
    cause: AppError,
  ) {
    super(cause.statusCode, cause.code, cause.message, cause.details);
  }
}

/** Rows per INSERT statement: well under both databases' limits on bound values (10 columns each). */
export const INSERT_BATCH = 500;

export interface WriteInput {
  importId: string;
  user: User;
  form: FormRow;
  rows: CheckedRow[];
  keyField: string | null;
  sha256: string;
  now: string;
  /** Rows skipped as duplicates when the rows were checked. */
  skippedBefore: number;
  /** The uploaded file's name, for the audit log. */
  fileName?: string;
  onProgress?(written: number): void;
}

export interface WriteResult {
  inserted: number;
  skipped: number;
}

/**
 * Takes `count` consecutive numbers from one counter at once: the same single upsert as
 * nextSequenceValue (db/sequences.ts), adding `count` instead of 1, so the rows get first..last with
 * no gap and a concurrent submission's number comes before or after the whole block.
 */
async function takeNumbers(trx: Knex.Transaction, key: SequenceKey, count: number): Promise<number> {
  const [row] = await trx('number_sequences')
    .insert({ form_id: key.formId, field: key.field, period: key.period, last_value: count })
    .onConflict(['form_id', 'field', 'period'])
    .merge({ last_value: trx.raw('?? + ?', ['number_sequences.last_value', count]) })
    .returning('last_value');
  return readInt((row as { last_value: unknown }).last_value) - count + 1;
}

/**
 * Another import of the same form waits for this one (PostgreSQL row lock; SQLite has one writer
 * anyway), so two imports of one file or one key cannot both pass the duplicate check.
 */
async function lockForm(trx: Knex.Transaction, formId: string) {
  const q = trx('forms').select('id').where({ id: formId });
  if (trx.client.config.client === 'pg') q.forUpdate();
  await q.first();
}

export async function writeImport(knex: Knex, input: WriteInput): Promise<WriteResult> {
  const { form, user, now } = input;
  return knex.transaction(async (trx) => {
    await lockForm(trx, form.id);
    // Checked before the lock was held: look again, inside it.
    let rows = input.rows;
    if (input.keyField === null) {
      if (await importsStore.alreadyImported(trx, form.id, input.sha256, input.importId)) rows = [];
    } else {
      const keys = rows.map((r) => r.key!);
      const taken = await existingKeys(trx, form.id, input.keyField, keys);
      rows = rows.filter((r) => !taken.has(r.key!));
    }
    const skipped = input.skippedBefore + (input.rows.length - rows.length);

    const numbering = rows[0]?.prepared.numbering ?? null;
    const firsts: number[] = [];
    if (rows.length > 0) for (const key of numbering?.sequences ?? []) firsts.push(await takeNumbers(trx, key, rows.length));

    const after: { row: number; work: (trx: Knex.Transaction) => Promise<void> }[] = [];
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      const byTable = new Map<string, Record<string, unknown>[]>();
      const add = ([table, row]: RowInsert) => {
        const rows = byTable.get(table);
        if (rows) rows.push(row);
        else byTable.set(table, [row]);
      };
      rows.slice(start, start + INSERT_BATCH).forEach((r, i) => {
        const { prepared, submissionId } = r;
        const n = start + i;
        const data: JsonObject = numbering
          ? numbering.apply(
              prepared.data,
              firsts.map((first) => first + n),
            )
          : prepared.data;
        add([
          'submissions',
          {
            id: submissionId,
            form_id: form.id,
            app_id: form.app_id,
            form_version: prepared.version,
            data: writeJson(data),
            flags: prepared.flags ? writeJson(prepared.flags) : null,
            created_by: user.id,
            created_at: now,
            updated_at: now,
          },
        ]);
        // The payload's type lists only what every creation has; consumers may read the import's id too.
        const payload = { submissionId, formVersion: prepared.version, importId: input.importId };
        add([
          'domain_events',
          eventRow({ type: 'submission.created', appId: form.app_id, formId: form.id, actorId: user.id, payload }).row,
        ]);
        extensionRows(prepared.ctx, data).forEach(add);
        const work = transactionalWork(prepared.ctx, prepared.data);
        if (work) after.push({ row: r.row, work });
      });
      // Submissions first: extension rows may reference them.
      for (const table of ['submissions', ...[...byTable.keys()].filter((t) => t !== 'submissions')]) {
        const batch = byTable.get(table);
        if (batch?.length) await trx(table).insert(batch);
      }
      input.onProgress?.(Math.min(rows.length, start + INSERT_BATCH));
    }
    // In file order, so a receipt earlier in the file covers an issue after it.
    for (const { row, work } of after) {
      try {
        await work(trx);
      } catch (err) {
        if (err instanceof AppError && err.statusCode < 500) throw new ImportRowError(row, err);
        throw err;
      }
    }

    const result = { inserted: rows.length, skipped };
    await importsStore.finish(trx, input.importId, {
      status: 'done',
      processed: input.skippedBefore + input.rows.length,
      ...result,
      errors: [],
    });
    await auditSubmissionsImported(trx, { user, form, importId: input.importId, fileName: input.fileName, ...result });
    return result;
  });
}

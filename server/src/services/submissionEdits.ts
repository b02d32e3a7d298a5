/**
 * Changing a stored submission: an edit (the full new data, checked exactly like a new submission,
 * with its changes kept as a revision) and a soft delete. Each commits the row, its revision and
 * its domain event together, with the submission extensions' work in the same transaction.
 */
import type { Knex } from 'knex';
import type { JsonObject, Submission, SubmissionHistory, User } from '@formloom/schemas';
import { nowIso, readJson, writeJson } from '../db/dialect.ts';
import { AppError, ForbiddenError } from '../lib/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import { formsRepo, formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { submissionRevisionsRepo } from '../repositories/submissionRevisions.ts';
import { submissionsRepo, type SubmissionRow } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { auditSubmissionDeleted, auditSubmissionEdited } from './audit/dataEvents.ts';
import { dataChanges } from './dataChanges.ts';
import { requireVisibleFields } from './fieldAccess.ts';
import { loadSubmission, submissionNotFound, type SubmissionAccess } from './submissionAccess.ts';
import { extensionRows, submissionExtensions, transactionalWork, type SubmissionContext } from './submissionExtensions.ts';
import { prepareSubmission, toSubmission, type PreparedSubmission } from './submissions.ts';

/** The writer (transactions) and the pool for reads before the write (the same on PostgreSQL). */
export interface EditDatabases {
  db: Knex;
  reader: Knex;
}

/** An edit that met a concurrent one between its checks and its write, with no If-Match to decide: it starts again. */
class ConcurrentEdit extends Error {}
const EDIT_ATTEMPTS = 3;

const versionConflict = () =>
  new AppError(
    412,
    'version_conflict',
    'Someone changed this submission after you opened it; reload it to see their changes, then make yours again.',
  );

/** `If-Match` carries the submission's updatedAt (its ETag, `"2026-03-15T08:30:00.000Z"`). */
export function parseSubmissionIfMatch(header: string | undefined): string | null {
  // `*` matches whatever is current: the same as sending no condition.
  if (header === undefined || header.trim() === '*') return null;
  const value = header
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) {
    throw new AppError(
      400,
      'invalid_if_match',
      'If-Match must be the submission\'s ETag: its updatedAt in quotes, e.g. "2026-03-15T08:30:00.000Z".',
    );
  }
  return value;
}

export const submissionETag = (submission: { updatedAt?: string }) => `"${submission.updatedAt}"`;

function requireChange(access: SubmissionAccess, action: 'edit' | 'delete'): void {
  if (!(action === 'edit' ? access.canChange : access.canDelete)) {
    const grant = action === 'edit' ? 'edit records' : 'delete records';
    throw new ForbiddenError(
      `You may look at this submission but not ${action} it: only its submitter (until it is decided) and people with "${grant}" in this app can. Ask an app manager.`,
    );
  }
}

/**
 * The data an edit stores when the editor cannot see some sensitive fields: those keep their stored
 * values (the page never showed them, so it sends them absent); sending a different value for one is
 * refused (403 field_hidden) rather than silently dropped.
 */
export function keepHiddenValues(sent: JsonObject, previous: JsonObject, hidden: ReadonlySet<string>): JsonObject {
  if (hidden.size === 0) return sent;
  const data: JsonObject = { ...sent };
  for (const field of hidden) {
    if (Object.hasOwn(sent, field) && dataChanges({ v: previous[field] ?? null }, { v: sent[field] ?? null }).length > 0) {
      requireVisibleFields([field], hidden);
    }
    if (Object.hasOwn(previous, field)) data[field] = previous[field];
    else delete data[field];
  }
  return data;
}

async function formOf(db: Db, row: SubmissionRow): Promise<FormRow> {
  const form = await formsRepo.findById(db, row.form_id);
  if (!form) throw submissionNotFound(row.id);
  return form;
}

/**
 * Replaces a submission's data. The new data goes through prepareSubmission as on create (422
 * validation_failed alike), keeping the numbers, submitter and submit time it was given. Data that
 * comes out the same changes nothing: no revision, no event.
 */
export async function updateSubmission(
  dbs: EditDatabases,
  user: User,
  submissionId: string,
  input: { data: JsonObject; ifMatch: string | null },
): Promise<{ submission: Submission; canDelete: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryUpdate(dbs, user, submissionId, input);
    } catch (err) {
      if (!(err instanceof ConcurrentEdit) || attempt === EDIT_ATTEMPTS) throw err instanceof ConcurrentEdit ? versionConflict() : err;
    }
  }
}

async function tryUpdate(dbs: EditDatabases, user: User, submissionId: string, input: { data: JsonObject; ifMatch: string | null }) {
  const access = await loadSubmission(dbs.db, user, submissionId);
  requireChange(access, 'edit');
  const { row } = access;
  if (input.ifMatch !== null && input.ifMatch !== row.updated_at) throw versionConflict();
  const form = await formOf(dbs.reader, row);
  const previous = readJson<JsonObject>(row.data);
  const now = nowIso();
  const prepared = await prepareSubmission(dbs.reader, user, form, keepHiddenValues(input.data, previous, access.hidden), {
    operation: 'update',
    submissionId,
    now,
    previous,
    stamp: { userId: row.created_by ?? user.id, at: row.created_at },
  });
  const changes = dataChanges(previous, prepared.data);
  const result = (saved: typeof row) => ({ submission: visibleSubmission(toSubmission(saved), access), canDelete: access.canDelete });
  if (changes.length === 0) return result(row);

  await dbs.db.transaction(async (trx) => {
    const current = await submissionsRepo.lockForWrite(trx, submissionId);
    if (!current || current.deleted_at) throw submissionNotFound(submissionId);
    // The checks above read the row as it was; another edit since then means they may not hold.
    if (current.updated_at !== row.updated_at) {
      if (input.ifMatch !== null) throw versionConflict();
      throw new ConcurrentEdit();
    }
    await storeEdit(trx, user, form, submissionId, prepared, changes);
  });
  const saved = await submissionsRepo.findById(dbs.db, submissionId);
  if (!saved) throw submissionNotFound(submissionId);
  return result(saved);
}

/**
 * Writes an edit checked by prepareSubmission inside the caller's transaction (which holds the
 * row's lock): the new data, a revision with its changes, the domain event and the extensions'
 * work. Approval flows use it too, for fields edited at a task and for resubmissions.
 */
export async function storeEdit(
  trx: Knex.Transaction,
  user: User,
  form: FormRow,
  submissionId: string,
  prepared: PreparedSubmission,
  changes: ReturnType<typeof dataChanges>,
): Promise<void> {
  const { ctx, data, flags, version } = prepared;
  const revision = await submissionRevisionsRepo.next(trx, submissionId);
  await submissionsRepo.update(trx, submissionId, {
    data: writeJson(data),
    flags: flags ? writeJson(flags) : null,
    form_version: version,
    updated_at: ctx.now,
    updated_by: user.id,
  });
  await submissionRevisionsRepo.insert(trx, {
    submission_id: submissionId,
    revision,
    action: 'updated',
    changed_by: user.id,
    changed_at: ctx.now,
    changes,
  });
  await appendEvent(trx, {
    type: 'submission.updated',
    appId: form.app_id,
    formId: form.id,
    actorId: user.id,
    payload: { submissionId, formVersion: version, revision },
  });
  await auditSubmissionEdited(trx, { user, form, submissionId, revision, changes });
  for (const [table, extra] of extensionRows(ctx, data)) await trx(table).insert(extra);
  await transactionalWork(ctx, data)?.(trx);
}

/**
 * Soft-deletes a submission: it leaves every list, lookup and export, and its id answers 404. Each
 * extension's onDelete runs in the same transaction and may refuse (the stock ledger does, with 409).
 */
export async function deleteSubmission(dbs: EditDatabases, user: User, submissionId: string): Promise<void> {
  const access = await loadSubmission(dbs.db, user, submissionId);
  requireChange(access, 'delete');
  const form = await formOf(dbs.reader, access.row);
  const version = Number(access.row.form_version);
  const stored = await formVersionsRepo.find(dbs.reader, form.id, version);
  if (!stored) throw new Error(`form ${form.id} lost its version ${version}`);
  const now = nowIso();
  await dbs.db.transaction(async (trx) => {
    const current = await submissionsRepo.lockForWrite(trx, submissionId);
    if (!current || current.deleted_at) throw submissionNotFound(submissionId);
    const data = readJson<JsonObject>(current.data);
    const ctx: SubmissionContext = {
      db: dbs.reader,
      user,
      form,
      version,
      schema: readJson(stored.schema),
      uiSchema: readJson(stored.ui_schema),
      submissionId,
      now,
      operation: 'delete',
      previous: data,
    };
    for (const extension of submissionExtensions) await extension.onDelete?.(ctx, data, trx);
    await submissionsRepo.update(trx, submissionId, { deleted_at: now, deleted_by: user.id });
    const revision = await submissionRevisionsRepo.next(trx, submissionId);
    await submissionRevisionsRepo.insert(trx, {
      submission_id: submissionId,
      revision,
      action: 'deleted',
      changed_by: user.id,
      changed_at: now,
      changes: [],
    });
    await appendEvent(trx, {
      type: 'submission.deleted',
      appId: form.app_id,
      formId: form.id,
      actorId: user.id,
      payload: { submissionId },
    });
    await auditSubmissionDeleted(trx, { user, form, submissionId });
  });
}

/** Who changed what and when, oldest first; the first entry is the creation. */
export async function submissionHistory(db: Db, user: User, submissionId: string): Promise<SubmissionHistory> {
  const { row, hidden } = await loadSubmission(db, user, submissionId);
  const revisions = await submissionRevisionsRepo.list(db, submissionId);
  // A change is at a JSON Pointer whose first segment is the top-level field: hidden ones leave no trace.
  const visible = (change: { path: string }) => !hidden.has(decodePointerHead(change.path));
  return {
    items: [
      { revision: 1, action: 'created', at: row.created_at, by: row.created_by, byName: row.created_by_name, changes: [] },
      ...revisions.map((r) => ({
        revision: Number(r.revision),
        action: r.action,
        at: r.changed_at,
        by: r.changed_by,
        byName: r.changed_by_name,
        changes: readJson<SubmissionHistory['items'][number]['changes']>(r.changes).filter(visible),
      })),
    ],
  };
}

/** The top-level key a JSON Pointer starts with (`/hkid/0` → `hkid`). */
function decodePointerHead(pointer: string): string {
  const head = pointer.split('/')[1] ?? '';
  return head.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The submission as the caller may see it: without the sensitive fields in `access.hidden` (empty in their own). */
export function visibleSubmission(submission: Submission, access: Pick<SubmissionAccess, 'hidden'>): Submission {
  if (access.hidden.size === 0) return submission;
  return { ...submission, data: Object.fromEntries(Object.entries(submission.data).filter(([key]) => !access.hidden.has(key))) };
}

/**
 * The audit entries for data: edits, deletions, imports and exports of submissions, and report
 * exports. Each is one call from the code that does the thing, inside its transaction where it has
 * one. Values never go in: an edit names the fields it changed, an export the fields it filtered on
 * (a filter's value or a search text could be a sensitive field's value).
 */
import type { Knex } from 'knex';
import type { FieldChange, User } from '@formloom/schemas';
import type { FormRow } from '../../repositories/forms.ts';
import { viewTotal, type SubmissionView, type ViewScope } from '../submissionQuery.ts';
import { recordAudit } from './record.ts';

/** The top-level fields a list of changes touches (`/items/0/qty` → `items`), in order, once each. */
export function changedFields(changes: readonly Pick<FieldChange, 'path'>[]): string[] {
  const heads = changes.map((c) => (c.path.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~'));
  return [...new Set(heads.filter((h) => h !== ''))];
}

const formDetails = (form: Pick<FormRow, 'id' | 'name'>) => ({ formId: form.id, formName: form.name });

export async function auditSubmissionEdited(
  trx: Knex.Transaction,
  e: { user: User; form: FormRow; submissionId: string; revision: number; changes: readonly FieldChange[] },
): Promise<void> {
  await recordAudit(trx, {
    action: 'submission.edited',
    actorId: e.user.id,
    targetType: 'submission',
    targetId: e.submissionId,
    appId: e.form.app_id,
    details: { ...formDetails(e.form), revision: e.revision, fields: changedFields(e.changes) },
  });
}

export async function auditSubmissionDeleted(trx: Knex.Transaction, e: { user: User; form: FormRow; submissionId: string }): Promise<void> {
  await recordAudit(trx, {
    action: 'submission.deleted',
    actorId: e.user.id,
    targetType: 'submission',
    targetId: e.submissionId,
    appId: e.form.app_id,
    details: formDetails(e.form),
  });
}

export async function auditSubmissionsImported(
  trx: Knex.Transaction,
  e: { user: User; form: FormRow; importId: string; fileName?: string; inserted: number; skipped: number },
): Promise<void> {
  await recordAudit(trx, {
    action: 'submissions.imported',
    actorId: e.user.id,
    targetType: 'form',
    targetId: e.form.id,
    appId: e.form.app_id,
    details: { ...formDetails(e.form), importId: e.importId, fileName: e.fileName, inserted: e.inserted, skipped: e.skipped },
  });
}

/** Recorded when the download starts (its rows are counted first, with the same view and scope). */
export async function auditSubmissionsExported(
  db: Knex,
  reader: Knex,
  e: { user: User; form: FormRow; format: string; view: SubmissionView; scope: ViewScope; columns?: string; ip?: string },
): Promise<void> {
  const rowCount = await viewTotal(reader, e.view, e.scope);
  await recordAudit(db, {
    action: 'submissions.exported',
    actorId: e.user.id,
    targetType: 'form',
    targetId: e.form.id,
    appId: e.form.app_id,
    ip: e.ip,
    details: {
      ...formDetails(e.form),
      format: e.format,
      rowCount,
      sort: e.view.sort.text,
      filters: e.view.conditions.map((c) => ({ field: c.field.name, op: c.op })),
      searched: e.view.search !== null && e.view.search !== '',
      columns: e.columns
        ?.split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    },
  });
}

/** A saved report, an unsaved definition or a dashboard widget downloaded as a file. */
export async function auditReportExported(
  db: Knex,
  e: {
    user: User;
    format: string;
    definition: { formId: string; title?: unknown };
    result: { rows: readonly unknown[] };
    reportId?: string;
    dashboardId?: string;
    widgetId?: string;
    ip?: string;
  },
): Promise<void> {
  const { formId, title } = e.definition;
  const form: { app_id: string } | undefined = await db('forms').where({ id: formId }).first('app_id');
  await recordAudit(db, {
    action: 'report.exported',
    actorId: e.user.id,
    targetType: e.dashboardId ? 'dashboard' : e.reportId ? 'report' : 'form',
    targetId: e.dashboardId ?? e.reportId ?? formId,
    appId: form?.app_id ?? null,
    ip: e.ip,
    details: { format: e.format, formId, title, reportId: e.reportId, widgetId: e.widgetId, rowCount: e.result.rows.length },
  });
}

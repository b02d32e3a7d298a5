/**
 * Saved reports: a ReportDefinition stored under a name (its title) for one form. Anyone with a
 * grant in the form's app may save one and run any of that app's reports, each run with their own
 * access (view-all or only their own submissions). Its owner, the app's editors and admins may
 * change or delete it. Reports of apps the caller has no grant in answer 404.
 */
import type { Knex } from 'knex';
import { appendEvent } from '../../../repositories/events.ts';
import type { AppPermissions, ReportDefinition, ReportResult, SavedReport, User } from '@formloom/schemas';
import { nowIso, readJson, writeJson } from '../../../db/dialect.ts';
import { ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { appsRepo } from '../../../repositories/apps.ts';
import { principalKeysOf } from '../../principals.ts';
import { dashboardsRepo } from '../../../repositories/dashboards.ts';
import { reportsRepo, type ReportRow } from '../../../repositories/reports.ts';
import type { Db } from '../../../repositories/types.ts';
import { loadForm, permissionsIn } from '../../access.ts';
import { checkReportDefinition, runReport, type ReportUse } from '../query/index.ts';

export function toSavedReport(row: ReportRow, user: User, permissions: AppPermissions | null): SavedReport {
  return {
    id: row.id,
    appId: row.app_id,
    formId: row.form_id,
    definition: readJson<ReportDefinition>(row.definition),
    ownerId: row.owner_id,
    canEdit: row.owner_id === user.id || Boolean(permissions?.canEdit),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The caller's permissions per app, read once per request however many reports share an app. */
export function permissionsLookup(db: Db, user: User): (appId: string) => Promise<AppPermissions | null> {
  const known = new Map<string, Promise<AppPermissions | null>>();
  return (appId) => {
    let found = known.get(appId);
    if (!found) {
      found = permissionsIn(db, user, appId);
      known.set(appId, found);
    }
    return found;
  };
}

export const reportNotFound = (reportId: string) =>
  new NotFoundError('report_not_found', `There is no saved report ${reportId}, or you have no access to it.`);

/** A report the caller may see (any grant in its app, or admin), with their permissions there. */
export async function visibleReport(db: Db, user: User, reportId: string): Promise<{ row: ReportRow; permissions: AppPermissions }> {
  const row = await reportsRepo.findById(db, reportId);
  const permissions = row ? await permissionsIn(db, user, row.app_id) : null;
  if (!row || !permissions) throw reportNotFound(reportId);
  return { row, permissions };
}

export async function listReports(db: Db, user: User, formId?: string): Promise<SavedReport[]> {
  if (formId) await loadForm(db, user, formId);
  let appIds: string[] | null = null;
  if (user.role !== 'admin') {
    appIds = await appsRepo.appIdsGranted(db, await principalKeysOf(db, user));
    if (appIds.length === 0) return [];
  }
  const rows = await reportsRepo.list(db, { appIds, formId });
  const permissionsOf = permissionsLookup(db, user);
  return Promise.all(rows.map(async (row) => toSavedReport(row, user, await permissionsOf(row.app_id))));
}

export async function createReport(db: Knex, user: User, definitionInput: unknown): Promise<SavedReport> {
  const { definition, form } = await checkReportDefinition(db, user, definitionInput);
  const now = nowIso();
  const row: ReportRow = {
    id: newId(),
    app_id: form.app_id,
    form_id: form.id,
    definition: writeJson(definition),
    owner_id: user.id,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    await reportsRepo.insert(trx, row);
    await appendEvent(trx, {
      type: 'report.created',
      appId: form.app_id,
      formId: form.id,
      actorId: user.id,
      payload: { reportId: row.id },
    });
  });
  return toSavedReport(row, user, await permissionsIn(db, user, form.app_id));
}

export async function getReport(db: Db, user: User, reportId: string): Promise<SavedReport> {
  const { row, permissions } = await visibleReport(db, user, reportId);
  return toSavedReport(row, user, permissions);
}

/** A report the caller may change: seen but not theirs to change answers 403, unseen 404. */
async function reportToChange(db: Db, user: User, reportId: string) {
  const found = await visibleReport(db, user, reportId);
  if (found.row.owner_id !== user.id && !found.permissions.canEdit) {
    throw new ForbiddenError(
      "Only the report's owner, an editor of its app or an admin can change it; save a copy as your own report instead.",
    );
  }
  return found;
}

/** Replaces the definition (checked like a new one; it may move to another form the caller can open). */
export async function updateReport(db: Knex, user: User, reportId: string, definitionInput: unknown): Promise<SavedReport> {
  const { row } = await reportToChange(db, user, reportId);
  const { definition, form } = await checkReportDefinition(db, user, definitionInput);
  const patch = { app_id: form.app_id, form_id: form.id, definition: writeJson(definition), updated_at: nowIso() };
  await db.transaction(async (trx) => {
    await reportsRepo.update(trx, reportId, patch);
    await appendEvent(trx, { type: 'report.updated', appId: form.app_id, formId: form.id, actorId: user.id, payload: { reportId } });
  });
  return toSavedReport({ ...row, ...patch }, user, await permissionsIn(db, user, form.app_id));
}

/** Deletes the report and takes its widgets off every dashboard in the same transaction, so none points at nothing. */
export async function deleteReport(db: Knex, user: User, reportId: string): Promise<void> {
  const { row } = await reportToChange(db, user, reportId);
  await db.transaction(async (trx) => {
    await appendEvent(trx, { type: 'report.deleted', appId: row.app_id, formId: row.form_id, actorId: user.id, payload: { reportId } });
    for (const dashboard of await dashboardsRepo.mentioning(trx, reportId)) {
      const widgets = readJson<{ reportId: string }[]>(dashboard.widgets);
      const kept = widgets.filter((w) => w.reportId !== reportId);
      if (kept.length !== widgets.length)
        await dashboardsRepo.update(trx, dashboard.id, { widgets: writeJson(kept), updated_at: nowIso() });
    }
    await reportsRepo.delete(trx, reportId);
  });
}

/** Runs a saved report with the caller's own access. */
export async function runSavedReport(
  db: Knex,
  user: User,
  reportId: string,
  use: ReportUse = {},
): Promise<{ report: ReportRow; result: ReportResult }> {
  const { row } = await visibleReport(db, user, reportId);
  return { report: row, result: await runReport(db, user, readJson(row.definition), use) };
}

/**
 * Dashboards: saved reports laid out on a 12-column grid, shared with roles, departments,
 * positions or people. Its owner, admins, and anyone a share matches may open one; only its owner
 * and admins change it (shares included). Its widgets show figures computed with the OWNER's access
 * (./widgets.ts), so every widget's report must be one the owner may run.
 */
import type { Knex } from 'knex';
import { appendEvent } from '../../../repositories/events.ts';
import type { Dashboard, DashboardBody, DashboardWidget, ReportLabel, User } from '@formloom/schemas';
import { nowIso, readJson, writeJson } from '../../../db/dialect.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import { dashboardsRepo, type DashboardRow } from '../../../repositories/dashboards.ts';
import { reportsRepo } from '../../../repositories/reports.ts';
import type { Db } from '../../../repositories/types.ts';
import { toUser, usersRepo } from '../../../repositories/users.ts';
import { permissionsIn } from '../../access.ts';
import { permissionsLookup, toSavedReport } from './savedReports.ts';
import { checkedShareKeys, shareKeysOf, sharesFromRows } from './shares.ts';

/** A PATCH: any part of the body, plus an optional revision guard and (admins only) a new owner. */
export type DashboardPatch = Partial<DashboardBody> & { revision?: number; ownerId?: string };

const GRID_COLUMNS = 12;

const dashboardNotFound = (id: string) =>
  new NotFoundError('dashboard_not_found', `There is no dashboard ${id}, or it is not shared with you.`);

function invalid(path: string, message: string): BadRequestError {
  return new BadRequestError('invalid_dashboard', message, [{ path, message }]);
}

/** A dashboard the caller may open, and whether they may change it. */
export async function openDashboard(db: Db, user: User, dashboardId: string): Promise<{ row: DashboardRow; canEdit: boolean }> {
  const row = await dashboardsRepo.findById(db, dashboardId);
  if (!row) throw dashboardNotFound(dashboardId);
  const canEdit = user.role === 'admin' || row.owner_id === user.id;
  if (!canEdit && !(await dashboardsRepo.isSharedThrough(db, row.id, await shareKeysOf(db, user)))) throw dashboardNotFound(dashboardId);
  return { row, canEdit };
}

/**
 * The dashboard's owner as a user whose access computes its widgets; a deleted or disabled owner
 * answers 409 dashboard_owner_inactive, because nobody's access could stand in for theirs.
 */
export async function activeOwner(db: Db, row: DashboardRow): Promise<User> {
  const owner = row.owner_id ? await usersRepo.findById(db, row.owner_id) : undefined;
  if (!owner || owner.disabled_at) {
    throw new ConflictError(
      'dashboard_owner_inactive',
      "This dashboard's owner has left or was disabled, so its figures cannot be computed. An admin can take the dashboard over (PATCH it with their own ownerId).",
    );
  }
  return toUser(owner);
}

/** Widget ids unique, each inside the grid, each showing a saved report its owner may run. */
async function checkWidgets(db: Db, owner: User, widgets: readonly DashboardWidget[]): Promise<void> {
  const seen = new Set<string>();
  widgets.forEach((w, i) => {
    if (seen.has(w.id)) throw invalid(`widgets.${i}.id`, `Widget ${i + 1}: the id "${w.id}" is used twice; give each widget its own id.`);
    seen.add(w.id);
    if (w.x + w.w > GRID_COLUMNS)
      throw invalid(
        `widgets.${i}.w`,
        `Widget "${w.id}" reaches past the ${GRID_COLUMNS}-column grid (x + w = ${w.x + w.w}); make it narrower or move it left.`,
      );
  });
  const reports = new Map((await reportsRepo.findByIds(db, [...new Set(widgets.map((w) => w.reportId))])).map((r) => [r.id, r]));
  const permissionsOf = permissionsLookup(db, owner);
  for (const [i, w] of widgets.entries()) {
    const report = reports.get(w.reportId);
    if (!report || !(await permissionsOf(report.app_id))) {
      throw invalid(
        `widgets.${i}.reportId`,
        `Widget "${w.id}": there is no saved report ${w.reportId} that the dashboard's owner may run; pick one from GET /api/reports.`,
      );
    }
  }
}

/** Rows as Dashboards for the caller: shares shown to those who may change them, and the widgets' reports filled in. */
async function toDashboards(db: Db, user: User, rows: readonly DashboardRow[]): Promise<Dashboard[]> {
  const editable = (row: DashboardRow) => user.role === 'admin' || row.owner_id === user.id;
  const shares = await sharesFromRows(
    db,
    await dashboardsRepo.sharesOf(
      db,
      rows.filter(editable).map((r) => r.id),
    ),
  );
  const widgetsOf = new Map(rows.map((r) => [r.id, readJson<DashboardWidget[]>(r.widgets)]));
  const reportIds = [...new Set([...widgetsOf.values()].flat().map((w) => w.reportId))];
  const reports = new Map((await reportsRepo.findByIds(db, reportIds)).map((r) => [r.id, r]));
  const permissionsOf = permissionsLookup(db, user);
  return Promise.all(
    rows.map(async (row) => {
      const widgets = widgetsOf.get(row.id)!;
      const shown = [...new Set(widgets.map((w) => w.reportId))].flatMap((id) => reports.get(id) ?? []);
      return {
        id: row.id,
        name: readJson<ReportLabel>(row.name),
        widgets,
        shares: shares.get(row.id) ?? [],
        ownerId: row.owner_id,
        canEdit: editable(row),
        reports: await Promise.all(shown.map(async (r) => toSavedReport(r, user, await permissionsOf(r.app_id)))),
        revision: row.revision,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    }),
  );
}

/** Own and shared-with-me dashboards (every one for admins), oldest first. */
export async function listDashboards(db: Db, user: User): Promise<Dashboard[]> {
  const visibleTo = user.role === 'admin' ? null : { ownerId: user.id, keys: await shareKeysOf(db, user) };
  return toDashboards(db, user, await dashboardsRepo.list(db, visibleTo));
}

export async function getDashboard(db: Db, user: User, dashboardId: string): Promise<Dashboard> {
  const { row } = await openDashboard(db, user, dashboardId);
  return (await toDashboards(db, user, [row]))[0];
}

export async function createDashboard(db: Knex, user: User, body: DashboardBody): Promise<Dashboard> {
  await checkWidgets(db, user, body.widgets);
  const shares = await checkedShareKeys(db, body.shares);
  const now = nowIso();
  const row: DashboardRow = {
    id: newId(),
    name: writeJson(body.name),
    widgets: writeJson(body.widgets),
    owner_id: user.id,
    revision: 1,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    await dashboardsRepo.insert(trx, row);
    await dashboardsRepo.replaceShares(trx, row.id, shares);
    await appendEvent(trx, { type: 'dashboard.created', appId: null, formId: null, actorId: user.id, payload: { dashboardId: row.id } });
  });
  return getDashboard(db, user, row.id);
}

/** Owner or admin; `ownerId` (admins only) hands the dashboard over, its widgets then checked against the new owner. */
export async function updateDashboard(db: Knex, user: User, dashboardId: string, patch: DashboardPatch): Promise<Dashboard> {
  const { row, canEdit } = await openDashboard(db, user, dashboardId);
  if (!canEdit) throw new ForbiddenError("Only the dashboard's owner or an admin can change it or its sharing.");
  const changes: Partial<DashboardRow> = { updated_at: nowIso() };
  let owner: User | undefined;
  if (patch.ownerId !== undefined && patch.ownerId !== row.owner_id) {
    if (user.role !== 'admin') throw new ForbiddenError('Only an admin can hand a dashboard over to another owner.');
    const next = await usersRepo.findById(db, patch.ownerId);
    if (!next || next.disabled_at) throw invalid('ownerId', `There is no active user ${patch.ownerId} to own the dashboard.`);
    owner = toUser(next);
    changes.owner_id = owner.id;
  }
  if (patch.widgets !== undefined || owner) {
    await checkWidgets(db, owner ?? (await activeOwner(db, row)), patch.widgets ?? readJson<DashboardWidget[]>(row.widgets));
    if (patch.widgets !== undefined) changes.widgets = writeJson(patch.widgets);
  }
  if (patch.name !== undefined) changes.name = writeJson(patch.name);
  const shares = patch.shares === undefined ? undefined : await checkedShareKeys(db, patch.shares);
  await db.transaction(async (trx) => {
    const changed = await dashboardsRepo.update(trx, row.id, changes, patch.revision);
    if (changed === 0) {
      throw new ConflictError(
        'dashboard_conflict',
        `Someone else changed this dashboard meanwhile (you sent revision ${patch.revision}); reload it and make your change again.`,
      );
    }
    if (shares) await dashboardsRepo.replaceShares(trx, row.id, shares);
    const fields = (['name', 'widgets', 'shares', 'ownerId'] as const).filter((k) => patch[k] !== undefined);
    await appendEvent(trx, {
      type: 'dashboard.updated',
      appId: null,
      formId: null,
      actorId: user.id,
      payload: { dashboardId: row.id, changed: fields },
    });
  });
  return getDashboard(db, user, row.id);
}

export async function deleteDashboard(db: Knex, user: User, dashboardId: string): Promise<void> {
  const { row, canEdit } = await openDashboard(db, user, dashboardId);
  if (!canEdit) throw new ForbiddenError("Only the dashboard's owner or an admin can delete it.");
  await db.transaction(async (trx) => {
    await dashboardsRepo.delete(trx, row.id);
    await appendEvent(trx, { type: 'dashboard.deleted', appId: null, formId: null, actorId: user.id, payload: { dashboardId: row.id } });
  });
}

/** Whether the owner may still run a report's app at all (a grant, or admin). */
export async function ownerMayRun(db: Db, owner: User, appId: string): Promise<boolean> {
  return (await permissionsIn(db, owner, appId)) !== null;
}

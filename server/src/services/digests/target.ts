/**
 * What a digest sends and who may manage it. A digest belongs to its target: whoever may change the
 * target may create, see and change its digests — a saved report's owner, its app's editors and
 * admins; a dashboard's owner and admins.
 */
import { ReportDefinition, type DigestBody, type ReportLabel, type User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { ForbiddenError, NotFoundError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { openDashboard } from '../reports/library/dashboards.ts';
import { visibleReport } from '../reports/library/savedReports.ts';

export type DigestTarget = DigestBody['target'];

interface ReportRow {
  id: string;
  app_id: string;
  form_id: string;
  definition: unknown;
  owner_id: string | null;
}

interface DashboardRow {
  id: string;
  name: unknown;
  widgets: unknown;
  owner_id: string | null;
}

/** One report the digest shows, in the order of the email. */
export interface DigestItem {
  /** The widget id on a dashboard; `report` for a report digest. */
  id: string;
  reportId: string;
  definition: ReportDefinition;
}

export interface LoadedTarget {
  kind: DigestTarget['kind'];
  id: string;
  /** The title of the email; null: the report has none, the form's name stands in. */
  title: ReportLabel | null;
  formName: string | null;
  items: DigestItem[];
  /** Where the email links to in the runtime. */
  path: string;
}

const notFound = (target: DigestTarget) =>
  target.kind === 'report'
    ? new NotFoundError('report_not_found', `There is no saved report ${target.reportId}, or you have no access to it.`)
    : new NotFoundError('dashboard_not_found', `There is no dashboard ${target.dashboardId}, or you have no access to it.`);

/** A stored definition with its defaults filled in (stored ones are parsed already; an older shape still reads). */
function definitionOf(raw: unknown): ReportDefinition {
  const parsed = ReportDefinition.safeParse(readJson(raw));
  return parsed.success ? parsed.data : (readJson(raw) as ReportDefinition);
}

/**
 * Checks that `user` may manage digests of `target`: 404 when they cannot see it (or it does not
 * exist), 403 when they can see but not change it (a dashboard shared with them, a report of an app
 * they only fill or view). Seeing follows the library's rules (services/reports/library).
 */
export async function requireTargetEditor(db: Db, user: User, target: DigestTarget): Promise<void> {
  if (target.kind === 'report') {
    const { row, permissions } = await visibleReport(db, user, target.reportId);
    if (row.owner_id !== user.id && !permissions.canEdit)
      throw new ForbiddenError('Only the report’s owner, an editor of its app or an admin can schedule it as a digest.');
    return;
  }
  const { canEdit } = await openDashboard(db, user, target.dashboardId);
  if (!canEdit) throw new ForbiddenError('Only the dashboard’s owner or an admin can schedule it as a digest.');
}

/** Whether `user` may manage digests of `target` (the same rule, as a yes/no for lists). */
export async function canEditTarget(db: Db, user: User, target: DigestTarget): Promise<boolean> {
  try {
    await requireTargetEditor(db, user, target);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError) return false;
    throw err;
  }
}

/** The target's reports as they are now; 404 when it was deleted. */
export async function loadTarget(db: Db, target: DigestTarget): Promise<LoadedTarget> {
  if (target.kind === 'report') {
    const row: ReportRow | undefined = await db('reports').where({ id: target.reportId }).first();
    if (!row) throw notFound(target);
    const definition = definitionOf(row.definition);
    const form: { name: string } | undefined = await db('forms').where({ id: row.form_id }).first('name');
    return {
      kind: 'report',
      id: row.id,
      title: definition.title ?? null,
      formName: form?.name ?? null,
      items: [{ id: 'report', reportId: row.id, definition }],
      path: `/reports/${row.id}`,
    };
  }
  const row: DashboardRow | undefined = await db('dashboards').where({ id: target.dashboardId }).first();
  if (!row) throw notFound(target);
  // Top to bottom, left to right: the order a reader scans the grid.
  const widgets = readJson<{ id: string; reportId: string; x: number; y: number }[]>(row.widgets)
    .slice()
    .sort((a, b) => a.y - b.y || a.x - b.x);
  const reportIds = [...new Set(widgets.map((w) => w.reportId))];
  const reports: ReportRow[] = reportIds.length ? await db('reports').whereIn('id', reportIds) : [];
  const byId = new Map(reports.map((r) => [r.id, definitionOf(r.definition)]));
  return {
    kind: 'dashboard',
    id: row.id,
    title: readJson<ReportLabel>(row.name),
    formName: null,
    items: widgets.filter((w) => byId.has(w.reportId)).map((w) => ({ id: w.id, reportId: w.reportId, definition: byId.get(w.reportId)! })),
    path: `/dashboards/${row.id}`,
  };
}

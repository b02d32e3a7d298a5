/**
 * A dashboard widget's figures. They are computed with the dashboard OWNER's access: sharing a
 * dashboard shares its figures (not the records behind them), so a viewer needs no grant in the
 * app. The owner must still be active and still hold a grant in the report's app.
 */
import type { Knex } from 'knex';
import type { DashboardWidget, ReportResult, User } from '@formloom/schemas';
import { readJson } from '../../../db/dialect.ts';
import { ConflictError, NotFoundError } from '../../../lib/errors.ts';
import { reportsRepo, type ReportRow } from '../../../repositories/reports.ts';
import { runReport, type ReportUse } from '../query/index.ts';
import { activeOwner, openDashboard, ownerMayRun } from './dashboards.ts';

export async function runWidget(
  db: Knex,
  user: User,
  dashboardId: string,
  widgetId: string,
  use: ReportUse = {},
): Promise<{ report: ReportRow; result: ReportResult }> {
  const { row } = await openDashboard(db, user, dashboardId);
  const widget = readJson<DashboardWidget[]>(row.widgets).find((w) => w.id === widgetId);
  const report = widget && (await reportsRepo.findById(db, widget.reportId));
  if (!report)
    throw new NotFoundError('widget_not_found', `The dashboard has no widget "${widgetId}"; reload it to see its current widgets.`);
  const owner = await activeOwner(db, row);
  if (!(await ownerMayRun(db, owner, report.app_id))) {
    throw new ConflictError(
      'dashboard_owner_no_access',
      "The dashboard's owner no longer has access to the app of this widget's report, so its figures cannot be shown. Ask the owner to remove the widget, or an admin to restore their access or take the dashboard over.",
    );
  }
  return { report, result: await runReport(db, owner, readJson(report.definition), use) };
}

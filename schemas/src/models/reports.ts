import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { FilterCondition } from './submission.ts';
import { ClockTime, ScheduleFrequency } from './schedules.ts';

/**
 * Reports and dashboards: a report definition is data (validated here, compiled to parameterized
 * SQL by server/src/services/reports), so the same definition runs from the builder, a dashboard,
 * a digest email and a script calling `POST /api/reports/query`.
 */

export const ReportLabel = z.object({ en: z.string().max(200), 'zh-Hant': z.string().max(200) });
export type ReportLabel = z.infer<typeof ReportLabel>;

export const REPORT_LIMITS = { maxDimensions: 3, maxMeasures: 8, maxFilters: 20, defaultRows: 1000, maxRows: 10_000 } as const;

/** What a report can group by besides the form's own fields (`data.<key>`). */
export const REPORT_META_DIMENSIONS = ['createdAt', 'updatedAt', 'createdBy', 'department', 'status'] as const;
export const DATE_BUCKETS = ['day', 'week', 'month', 'year'] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];
export const MEASURE_OPS = ['count', 'sum', 'avg', 'min', 'max', 'countDistinct'] as const;
export type MeasureOp = (typeof MEASURE_OPS)[number];
export const CHART_TYPES = ['bar', 'line', 'pie', 'table', 'number', 'pivot', 'heatmap'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** The id a column of the result goes by: given, or `d0`, `d1`… / `m0`, `m1`… by position. */
const ColumnId = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'Use letters, digits and _ (up to 32), starting with a letter.');

export const ReportDimension = z
  .object({
    id: ColumnId.optional(),
    /**
     * `data.<key>` (a top-level field), or createdAt / updatedAt (submission times), createdBy (the
     * submitter), department (the submitter's department now), status (the approval status).
     * A multi-select groups each chosen value on its own.
     */
    field: z.string().min(1).max(210),
    /** Dates and date-times only: the calendar bucket, in the report's time zone. */
    bucket: z.enum(DATE_BUCKETS).optional(),
    label: ReportLabel.optional(),
  })
  .strict();
export type ReportDimension = z.infer<typeof ReportDimension>;

export const ReportMeasure = z
  .object({
    id: ColumnId.optional(),
    op: z.enum(MEASURE_OPS),
    /** Required except for count. sum/avg need a number field; money (ui:fieldType money) sums exactly to the cent. */
    field: z.string().min(1).max(210).optional(),
    label: ReportLabel.optional(),
  })
  .strict();
export type ReportMeasure = z.infer<typeof ReportMeasure>;

export const ReportSort = z.object({ column: ColumnId, descending: z.boolean().default(false) }).strict();
export type ReportSort = z.infer<typeof ReportSort>;

export const ReportChart = z
  .object({
    type: z.enum(CHART_TYPES),
    /** bar/line with two dimensions: the second one stacks. */
    stacked: z.boolean().optional(),
  })
  .strict();
export type ReportChart = z.infer<typeof ReportChart>;

export const ReportDefinition = z
  .object({
    formId: Id,
    title: ReportLabel.optional(),
    dimensions: z.array(ReportDimension).max(REPORT_LIMITS.maxDimensions).default([]),
    measures: z.array(ReportMeasure).min(1).max(REPORT_LIMITS.maxMeasures),
    /**
     * The data views' filter conditions (createdAt between … for a date range), all of which must hold;
     * `department` (eq, ne, in, empty, notEmpty: the submitter's department id) is also accepted, and
     * `createdBy` compares the submitter's id here (the data views compare the name).
     */
    filters: z.array(FilterCondition).max(REPORT_LIMITS.maxFilters).default([]),
    /** Default: by the dimensions in order. */
    sort: z
      .array(ReportSort)
      .max(REPORT_LIMITS.maxDimensions + REPORT_LIMITS.maxMeasures)
      .default([]),
    limit: z.number().int().min(1).max(REPORT_LIMITS.maxRows).default(REPORT_LIMITS.defaultRows),
    /** IANA zone that date buckets are cut in. */
    timezone: z.string().min(1).max(64).default('Asia/Hong_Kong'),
    chart: ReportChart.default({ type: 'table' }),
  })
  .strict()
  .meta({ id: 'ReportDefinition' });
export type ReportDefinition = z.infer<typeof ReportDefinition>;
export type ReportDefinitionInput = z.input<typeof ReportDefinition>;

/**
 * How a result column's values read: money is a number exact to the cent; dates are `YYYY-MM-DD` (a date
 * field, or a bucket's first day); datetime an ISO instant (an unbucketed date-time, min/max of one);
 * person, department and status are coded values whose names are in `labels`.
 */
export const REPORT_VALUE_TYPES = ['text', 'number', 'money', 'date', 'datetime', 'boolean', 'person', 'department', 'status'] as const;
export type ReportValueType = (typeof REPORT_VALUE_TYPES)[number];

export const ReportColumn = z
  .object({
    id: z.string(),
    role: z.enum(['dimension', 'measure']),
    label: ReportLabel,
    type: z.enum(REPORT_VALUE_TYPES),
    bucket: z.enum(DATE_BUCKETS).optional(),
  })
  .meta({ id: 'ReportColumn' });
export type ReportColumn = z.infer<typeof ReportColumn>;

export const ReportCell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ReportCell = z.infer<typeof ReportCell>;

export const ReportResult = z
  .object({
    columns: z.array(ReportColumn),
    /** One array per row, cells in the order of `columns`; a missing dimension value is null. */
    rows: z.array(z.array(ReportCell)),
    /** Display names of coded values, per column id: option titles, people's and departments' names. */
    labels: z.record(z.string(), z.record(z.string(), ReportLabel)),
    /** More groups existed than `limit`. */
    truncated: z.boolean(),
    computedAt: Timestamp,
  })
  .meta({ id: 'ReportResult' });
export type ReportResult = z.infer<typeof ReportResult>;

// ---------------------------------------------------------------------------------------------
// Saved reports and dashboards.

export const SavedReportBody = z.object({ definition: ReportDefinition }).strict();
export const SavedReport = z
  .object({
    id: Id,
    appId: Id,
    formId: Id,
    definition: ReportDefinition,
    ownerId: Id.nullable(),
    /** The caller may change or delete it (its owner, an app editor, an admin). */
    canEdit: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'SavedReport' });
export type SavedReport = z.infer<typeof SavedReport>;

export const DashboardWidget = z
  .object({
    id: ColumnId,
    reportId: Id,
    /** Grid cell on a 12-column grid; rows are 80 px high. */
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0).max(1000),
    w: z.number().int().min(1).max(12),
    h: z.number().int().min(1).max(12),
  })
  .strict();
export type DashboardWidget = z.infer<typeof DashboardWidget>;

/** Who a dashboard is shared with: an access role, a department (and below), a position, or a person. */
export const DashboardShare = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), role: z.enum(['admin', 'builder', 'member']) }).strict(),
  z.object({ kind: z.literal('department'), departmentId: Id }).strict(),
  z.object({ kind: z.literal('position'), position: z.string().trim().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('user'), userId: Id }).strict(),
]);
export type DashboardShare = z.infer<typeof DashboardShare>;

export const DashboardBody = z
  .object({
    name: ReportLabel,
    widgets: z.array(DashboardWidget).max(24).default([]),
    shares: z.array(DashboardShare).max(200).default([]),
  })
  .strict();
export type DashboardBody = z.infer<typeof DashboardBody>;

export const Dashboard = DashboardBody.extend({
  id: Id,
  ownerId: Id.nullable(),
  canEdit: z.boolean(),
  /** Bumped by every change; a PATCH may send it back as a guard (409 dashboard_conflict when stale). */
  revision: z.number().int(),
  /** The saved reports its widgets show (so one request draws the dashboard). */
  reports: z.array(SavedReport),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof Dashboard>;

// ---------------------------------------------------------------------------------------------
// Scheduled digests: a dashboard or a saved report emailed on a schedule.

export const DigestRecipients = z
  .object({
    userIds: z.array(Id).max(1000).default([]),
    roles: z
      .array(z.enum(['admin', 'builder', 'member']))
      .max(3)
      .default([]),
    departmentIds: z.array(Id).max(500).default([]),
    positions: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
  })
  .strict();
export type DigestRecipients = z.infer<typeof DigestRecipients>;

export const DigestBody = z
  .object({
    target: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('dashboard'), dashboardId: Id }).strict(),
      z.object({ kind: z.literal('report'), reportId: Id }).strict(),
    ]),
    enabled: z.boolean(),
    /** The recurring collections' frequency: daily, weekdays (e.g. 18:00), weekly on chosen days, or cron. */
    frequency: ScheduleFrequency,
    timezone: z.string().min(1).max(64).default('Asia/Hong_Kong'),
    recipients: DigestRecipients,
  })
  .strict();
export type DigestBody = z.infer<typeof DigestBody>;

/** `sending` while a run's emails are still going out. */
export const DIGEST_RUN_STATUSES = ['sending', 'sent', 'partial', 'failed'] as const;

export const Digest = DigestBody.extend({
  id: Id,
  ownerId: Id.nullable(),
  /** The next send times (at most three), UTC; empty when disabled. */
  nextRuns: z.array(Timestamp),
  lastRun: z.object({ key: z.string(), at: Timestamp, status: z.enum(DIGEST_RUN_STATUSES), recipients: z.number().int() }).nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).meta({ id: 'Digest' });
export type Digest = z.infer<typeof Digest>;

export const DigestRun = z
  .object({
    /** The run's scheduled instant (ISO UTC): one run per digest and key, however many servers tick. */
    key: z.string(),
    /** When the run was started. */
    at: Timestamp,
    status: z.enum(DIGEST_RUN_STATUSES),
    recipients: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'DigestRun' });
export type DigestRun = z.infer<typeof DigestRun>;

export { ClockTime };

/**
 * The report query engine: a ReportDefinition checked against its form and the caller's access,
 * compiled to parameterized SQL on SQLite or PostgreSQL, run in the database, labelled.
 * Saved reports, dashboards, digests and special reports all run definitions through here.
 */
export { runReport } from './run.ts';
export {
  checkReport,
  checkReportDefinition,
  type ReportUse,
  type CheckedReport,
  type CheckedDimension,
  type CheckedMeasure,
} from './definition.ts';
export { reportableFieldsOf, type ReportableField } from './fields.ts';

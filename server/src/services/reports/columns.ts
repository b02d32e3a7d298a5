/**
 * Report columns: for the fields reports read, SQLite gets generated columns with indexes and
 * PostgreSQL jsonb expression indexes, made when a form version is published, so aggregation reads
 * an index instead of parsing every submission's JSON.
 *
 * The query compiler (./query) asks `reportColumnsOf` for a form and uses `sqlFor(key, kind)`
 * instead of its own json_extract expression when it returns one. (Stub: no columns yet.)
 */
import type { Knex } from 'knex';
import type { Db } from '../../repositories/types.ts';

export interface ReportColumnSet {
  /** SQL (on the alias `s` for submissions) reading the stored value of a top-level field, or undefined to extract it from the JSON. */
  sqlFor(key: string, kind: 'number' | 'text'): string | undefined;
}

const NONE: ReportColumnSet = { sqlFor: () => undefined };

export async function reportColumnsOf(_db: Db, _formId: string): Promise<ReportColumnSet> {
  return NONE;
}

/** Called after a form version's publish has committed (route and template install). */
export async function ensureReportColumns(_db: Knex, _formId: string): Promise<void> {}

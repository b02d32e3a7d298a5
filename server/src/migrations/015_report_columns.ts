import type { Knex } from 'knex';

/**
 * The report columns and indexes made when a form version is published (services/reports/columns.ts):
 * which generated columns (SQLite) / expression indexes (PostgreSQL) exist for which form fields.
 * Filled in by the report-index work; empty until then.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}

import type { Knex } from 'knex';

/**
 * Saved reports and dashboards (services/reports). A report's definition is the zod
 * ReportDefinition as JSON; it belongs to one form (and so one app, whose grants decide who may
 * run it). A dashboard lays saved reports out on a grid; `dashboard_shares` says who else may open
 * it, one row per role, department, position or person, so "dashboards shared with me" is a query.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  await knex.schema.createTable('reports', (t) => {
    t.string('id', 64).primary();
    t.string('app_id', 64).notNullable().references('apps.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    json(t, 'definition').notNullable();
    t.string('owner_id', 64).references('users.id').onDelete('SET NULL');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['form_id']);
    t.index(['owner_id']);
  });
  await knex.schema.createTable('dashboards', (t) => {
    t.string('id', 64).primary();
    json(t, 'name').notNullable().comment('{en, zh-Hant}');
    json(t, 'widgets').notNullable().comment('DashboardWidget[]');
    t.string('owner_id', 64).references('users.id').onDelete('SET NULL');
    t.integer('revision').notNullable().defaultTo(1);
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['owner_id']);
  });
  await knex.schema.createTable('dashboard_shares', (t) => {
    t.string('dashboard_id', 64).notNullable().references('dashboards.id').onDelete('CASCADE');
    t.string('kind', 16).notNullable().comment('role, department, position or user');
    t.string('value', 200).notNullable().comment('the role, department id, lower-cased position or user id');
    t.primary(['dashboard_id', 'kind', 'value']);
    t.index(['kind', 'value']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('dashboard_shares');
  await knex.schema.dropTableIfExists('dashboards');
  await knex.schema.dropTableIfExists('reports');
}

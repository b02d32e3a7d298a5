import type { Knex } from 'knex';

/**
 * The report columns and indexes made when a form version is published (services/reports/columns.ts).
 *
 * `report_columns` (SQLite): one VIRTUAL generated column of `submissions` per field key and kind,
 * shared by every form with that key and kind, so the table grows a column per distinct field rather
 * than per form. `report_indexes`: the index each form has (SQLite: one covering index over its
 * columns; PostgreSQL: one jsonb expression index per field), by name, with the fields it holds.
 * PostgreSQL's expression statistics (`rs_<hash>`, one per field key and kind) are found by name.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('report_columns', (t) => {
    t.string('name', 16).primary().comment('rc_<n>, a generated column of submissions');
    t.string('field_key', 200).notNullable();
    t.string('kind', 8).notNullable().comment('number or text');
    t.string('created_at', 32).notNullable();
    t.unique(['field_key', 'kind']);
  });
  await knex.schema.createTable('report_indexes', (t) => {
    t.string('name', 63).primary();
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.text('fields').notNullable().comment('JSON [[key, kind], …] in index order');
    t.string('created_at', 32).notNullable();
    t.index(['form_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  for (const { name } of await knex('report_indexes').select('name')) {
    await knex.raw(pg ? 'DROP INDEX IF EXISTS ??' : 'DROP INDEX IF EXISTS ??', [name]);
  }
  if (pg) {
    const stats = await knex.raw(`SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE 'rs\\_%'`);
    for (const { stxname } of stats.rows) await knex.raw('DROP STATISTICS IF EXISTS ??', [stxname]);
  }
  await knex.schema.dropTableIfExists('report_indexes');
  if (!pg)
    for (const { name } of await knex('report_columns').select('name')) await knex.raw('ALTER TABLE submissions DROP COLUMN ??', [name]);
  await knex.schema.dropTableIfExists('report_columns');
}

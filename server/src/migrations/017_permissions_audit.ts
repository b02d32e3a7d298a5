import type { Knex } from 'knex';

/**
 * Permission sets and the audit log (issue 9): sensitive fields per form, the append-only audit
 * log (the database itself refuses UPDATE and DELETE on it) and the server-wide settings the
 * identity features keep (directory, single sign-on, security policy; secrets in them sealed).
 * Grants of `view_all` made before exporting was its own permission keep exporting.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.createTable('form_field_access', (t) => {
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('field', 200).notNullable();
    json(t, 'visible_to').notNullable();
    t.primary(['form_id', 'field']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('seq').primary();
    t.string('id', 64).notNullable().unique();
    ts(t, 'at').notNullable();
    t.string('action', 64).notNullable();
    t.string('actor_id', 64).comment('no foreign key: the log outlives the people in it');
    t.string('target_type', 32);
    t.string('target_id', 200);
    t.string('app_id', 64);
    t.string('ip', 64);
    json(t, 'details').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['at']);
    t.index(['action', 'seq']);
    t.index(['actor_id', 'seq']);
    t.index(['target_type', 'target_id']);
  });
  if (pg) {
    await knex.raw(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  } else {
    await knex.raw(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    await knex.raw(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
  }

  await knex.schema.createTable('system_settings', (t) => {
    t.string('key', 64).primary();
    json(t, 'value').notNullable();
    ts(t, 'updated_at').notNullable();
    t.string('updated_by', 64);
  });

  const viewers: { app_id: string; principal: string }[] = await knex('app_grants')
    .where({ permission: 'view_all' })
    .select('app_id', 'principal');
  if (viewers.length) {
    await knex('app_grants')
      .insert(viewers.map((v) => ({ ...v, permission: 'export' })))
      .onConflict(['app_id', 'principal', 'permission'])
      .ignore();
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex('app_grants').whereIn('permission', ['view_own', 'view_department', 'edit_records', 'delete_records', 'export']).delete();
  await knex.schema.dropTableIfExists('system_settings');
  if (knex.client.config.client === 'pg') {
    await knex.raw('DROP TABLE IF EXISTS audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_append_only()');
  } else {
    await knex.schema.dropTableIfExists('audit_log');
  }
  await knex.schema.dropTableIfExists('form_field_access');
}

import type { Knex } from 'knex';

/**
 * Bulk imports: an uploaded file waits in `imports` (its bytes, until it has been imported) while
 * the person maps columns and previews; the committed import keeps its counts, errors and the
 * file's sha256, which makes re-importing the same file a no-op. `import_mappings` remembers each
 * person's last column mapping per form.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.createTable('imports', (t) => {
    t.string('id', 64).primary();
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('app_id', 64).notNullable();
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    t.string('file_name', 255).notNullable();
    t.string('sha256', 64).notNullable();
    t.string('format', 8).notNullable();
    t.binary('file').comment('the uploaded bytes; cleared once the import is done');
    json(t, 'columns').notNullable();
    t.integer('row_count').notNullable();
    t.string('status', 16).notNullable().comment('uploaded, running, done or failed');
    json(t, 'mapping');
    t.string('key_field', 255);
    t.integer('total').notNullable().defaultTo(0);
    t.integer('processed').notNullable().defaultTo(0);
    t.integer('inserted').notNullable().defaultTo(0);
    t.integer('skipped').notNullable().defaultTo(0);
    json(t, 'errors');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['form_id', 'sha256', 'status']);
    t.index(['status', 'created_at']);
  });

  await knex.schema.createTable('import_mappings', (t) => {
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    json(t, 'mapping').notNullable();
    t.string('key_field', 255);
    ts(t, 'updated_at').notNullable();
    t.primary(['user_id', 'form_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('import_mappings');
  await knex.schema.dropTableIfExists('imports');
}

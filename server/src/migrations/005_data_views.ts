import type { Knex } from 'knex';

/**
 * Data views: edits with history, soft deletes and saved views.
 *
 * Submissions gain nullable columns only, so the hot insert path (group commit / one statement)
 * writes the same row as before. A deleted submission keeps its row (deleted_at set) so its
 * history and the links other records hold stay explainable; every read filters it out.
 * The (form_id, created_at, id) and (form_id, updated_at, id) indexes serve the table's default
 * and "recently changed" orders with keyset paging on both databases.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const jsonb = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.alterTable('submissions', (t) => {
    t.string('updated_by', 64).nullable();
    t.string('deleted_at', 32).nullable();
    t.string('deleted_by', 64).nullable();
    t.index(['form_id', 'created_at', 'id'], 'submissions_form_created_idx');
    t.index(['form_id', 'updated_at', 'id'], 'submissions_form_updated_idx');
  });

  // Revision 1 is the creation (the submission row itself); edits and the delete are 2, 3, …
  await knex.schema.createTable('submission_revisions', (t) => {
    t.string('submission_id', 64).notNullable().references('submissions.id').onDelete('CASCADE');
    t.integer('revision').notNullable();
    t.string('action', 16).notNullable().comment('updated or deleted');
    t.string('changed_by', 64).references('users.id').onDelete('SET NULL');
    ts(t, 'changed_at').notNullable();
    jsonb(t, 'changes').notNullable().comment('[{path, before, after}]: JSON Pointers of changed values');
    t.primary(['submission_id', 'revision']);
  });

  await knex.schema.createTable('saved_views', (t) => {
    t.string('id', 64).primary();
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('owner_id', 64).references('users.id').onDelete('SET NULL');
    t.string('name', 200).notNullable();
    jsonb(t, 'columns').notNullable();
    t.string('sort', 220);
    t.string('q', 200);
    jsonb(t, 'filter').notNullable();
    t.boolean('shared').notNullable().defaultTo(false);
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['form_id', 'owner_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('saved_views');
  await knex.schema.dropTableIfExists('submission_revisions');
  await knex.schema.alterTable('submissions', (t) => {
    t.dropIndex(['form_id', 'updated_at', 'id'], 'submissions_form_updated_idx');
    t.dropIndex(['form_id', 'created_at', 'id'], 'submissions_form_created_idx');
    t.dropColumn('deleted_by');
    t.dropColumn('deleted_at');
    t.dropColumn('updated_by');
  });
}

import type { Knex } from 'knex';

/**
 * Uploaded files: the bytes live on disk content-addressed (`<dataDir>/files/<2 hex>/<sha256>`), so
 * one `files` row is one upload (its name, who sent it) and several rows may share one stored blob.
 * `submission_files` links a submission to the files its values name; it decides who else may read
 * a file (whoever may see a linked submission), and it keeps the links of values replaced by an edit,
 * so the edit history can still show an old photo.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('files', (t) => {
    t.string('id', 64).primary();
    t.string('sha256', 64).notNullable();
    t.bigInteger('size').notNullable();
    t.string('content_type', 128).notNullable().comment('sniffed from the bytes, never taken from the client');
    t.string('name', 255).notNullable();
    t.string('purpose', 16).notNullable();
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    t.string('created_at', 32).notNullable();
    t.index(['created_by']);
    t.index(['sha256']);
  });

  // The links are written in the submission's own transaction, after its row.
  await knex.schema.createTable('submission_files', (t) => {
    t.string('submission_id', 64).notNullable().references('submissions.id').onDelete('CASCADE');
    t.string('file_id', 64).notNullable().references('files.id').onDelete('CASCADE');
    t.primary(['submission_id', 'file_id']);
    t.index(['file_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('submission_files');
  await knex.schema.dropTableIfExists('files');
}

import type { Knex } from 'knex';

/**
 * Approval flows (services/workflow): the flow on form drafts and versions, and the submission's
 * status ('submitted' when its form has no flow). See docs/WORKFLOWS.md.
 *
 * A running flow is one `approval_instances` row per submission: the definition it started with,
 * the engine's state as JSON and a `revision` bumped by every step (compare-and-set on top of the
 * row lock). `approval_tasks` projects the state's tasks for the inbox, `approval_timeline` is the
 * append-only record of every step. `next_due_at` is the earliest time limit still to act, so the
 * ticker finds due flows through an index instead of reading every state.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  await knex.schema.alterTable('forms', (t) => {
    if (pg) t.json('draft_workflow');
    else t.text('draft_workflow');
  });
  await knex.schema.alterTable('form_versions', (t) => {
    if (pg) t.json('workflow');
    else t.text('workflow');
  });
  await knex.schema.alterTable('submissions', (t) => {
    t.string('status', 16).notNullable().defaultTo('submitted');
  });

  await knex.schema.createTable('approval_instances', (t) => {
    t.string('submission_id', 64).primary().references('submissions.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable();
    t.string('app_id', 64).notNullable();
    t.integer('form_version').notNullable();
    t.string('submitter_id', 64).references('users.id').onDelete('SET NULL');
    json(t, 'definition').notNullable();
    json(t, 'state').notNullable();
    t.string('status', 16).notNullable();
    t.integer('round').notNullable();
    t.integer('revision').notNullable();
    t.string('next_due_at', 32).comment('earliest reminder or time limit of a pending task; null when none');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['submitter_id', 'status']);
    t.index(['status', 'next_due_at']);
  });

  await knex.schema.createTable('approval_tasks', (t) => {
    t.string('id', 64).primary();
    t.string('submission_id', 64).notNullable().references('submissions.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable();
    t.string('app_id', 64).notNullable();
    t.string('node_id', 64).notNullable();
    json(t, 'node_name').notNullable();
    t.string('kind', 16).notNullable();
    t.string('assignee_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('status', 16).notNullable();
    t.integer('round').notNullable();
    t.integer('order').notNullable();
    t.string('created_at', 32).notNullable();
    t.string('activated_at', 32);
    t.string('acted_at', 32);
    t.string('actor_id', 64);
    t.text('comment');
    t.string('due_at', 32).comment("when the node's time limit acts on this task, if it has one");
    t.string('read_at', 32).comment('cc tasks: when the recipient opened it');
    t.index(['assignee_id', 'kind', 'status', 'id']);
    t.index(['submission_id']);
  });

  await knex.schema.createTable('approval_timeline', (t) => {
    t.increments('seq').primary();
    t.string('submission_id', 64).notNullable().references('submissions.id').onDelete('CASCADE');
    t.integer('round').notNullable();
    t.string('at', 32).notNullable();
    t.string('action', 32).notNullable();
    t.string('node_id', 64);
    t.string('actor_id', 64);
    json(t, 'user_ids').notNullable();
    t.text('comment');
    t.index(['submission_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('approval_timeline');
  await knex.schema.dropTableIfExists('approval_tasks');
  await knex.schema.dropTableIfExists('approval_instances');
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('status'));
  await knex.schema.alterTable('form_versions', (t) => t.dropColumn('workflow'));
  await knex.schema.alterTable('forms', (t) => t.dropColumn('draft_workflow'));
}

import type { Knex } from 'knex';

/**
 * Approval flows (services/workflow): the flow on form drafts and versions, and the submission's
 * status ('submitted' when its form has no flow). The approvals service adds its tables below.
 * See docs/WORKFLOWS.md.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
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
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('status'));
  await knex.schema.alterTable('form_versions', (t) => t.dropColumn('workflow'));
  await knex.schema.alterTable('forms', (t) => t.dropColumn('draft_workflow'));
}

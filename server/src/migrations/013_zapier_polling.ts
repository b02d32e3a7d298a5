import type { Knex } from 'knex';

/**
 * Zapier's polling trigger (services/zapier/poll.ts) asks every few minutes per Zap for a form's
 * latest events of one type. Without this index that walks the type's events of every form
 * backwards until it finds fifty of the one form; with it, it reads fifty rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('domain_events', (t) => {
    t.index(['form_id', 'type', 'seq'], 'domain_events_form_type_seq');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('domain_events', (t) => {
    t.dropIndex(['form_id', 'type', 'seq'], 'domain_events_form_type_seq');
  });
}

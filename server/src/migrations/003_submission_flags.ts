import type { Knex } from 'knex';

/** Marks a check put on a submission instead of refusing it (outside a geofence, say). */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('submissions', (t) => {
    if (pg) t.jsonb('flags');
    else t.text('flags');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('flags'));
}

import type { Knex } from 'knex';

/**
 * Scheduled digests (services/digests): a dashboard or saved report emailed on a schedule.
 * `digest_runs` is unique on (digest, key) — key = the run's scheduled instant — so however many
 * servers tick, and however often they restart, a run is started by exactly one of them. The
 * winner writes one `digest_deliveries` row per recipient in the same transaction; each delivery is
 * then claimed with a lease (status + next_at compared and set), so a crash mid-send resumes with
 * the rest and nobody already mailed is mailed again. `content` keeps the run's figures once
 * computed, so every recipient (and every retry) gets the same numbers.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  await knex.schema.createTable('digests', (t) => {
    t.string('id', 64).primary();
    t.string('owner_id', 64).references('users.id').onDelete('SET NULL');
    t.string('dashboard_id', 64).references('dashboards.id').onDelete('CASCADE');
    t.string('report_id', 64).references('reports.id').onDelete('CASCADE');
    t.boolean('enabled').notNullable();
    json(t, 'settings').notNullable().comment('{frequency, timezone, recipients}');
    t.string('enabled_at', 32).comment('runs scheduled before this are not caught up');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['dashboard_id']);
    t.index(['report_id']);
    t.index(['enabled']);
  });
  await knex.schema.createTable('digest_runs', (t) => {
    t.string('id', 64).primary();
    t.string('digest_id', 64).notNullable().references('digests.id').onDelete('CASCADE');
    t.string('key', 32).notNullable().comment('the scheduled instant, ISO UTC');
    t.string('scheduled_at', 32).notNullable();
    t.string('status', 16).notNullable().comment('sending, sent, partial or failed');
    t.integer('recipients').notNullable();
    t.integer('failed').notNullable().defaultTo(0);
    json(t, 'content').comment('the figures as computed for the run (null until the first send)');
    t.string('created_at', 32).notNullable();
    t.string('finished_at', 32);
    t.unique(['digest_id', 'key']);
    t.index(['status']);
  });
  await knex.schema.createTable('digest_deliveries', (t) => {
    t.string('id', 64).primary();
    t.string('run_id', 64).notNullable().references('digest_runs.id').onDelete('CASCADE');
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('status', 16).notNullable().comment('pending, sending (leased until next_at), sent, failed, skipped');
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_at', 32).comment('when a pending delivery is due, or a sending one’s lease ends');
    t.string('error', 500);
    t.string('sent_at', 32);
    t.unique(['run_id', 'user_id']);
    t.index(['status', 'next_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('digest_deliveries');
  await knex.schema.dropTableIfExists('digest_runs');
  await knex.schema.dropTableIfExists('digests');
}

import type { Knex } from 'knex';

/**
 * Recurring collections (services/schedules): a form's schedule, its periods and assignments.
 *
 * A period is unique per (schedule, key), so however many schedulers tick at once (after a restart,
 * or several servers on one PostgreSQL) a period opens once: the insert that loses is ignored.
 * `next_reminder_at` is claimed by a conditional update, so each reminder goes out once too.
 * An assignment is `open` until its person submits (`done`, `late` when after the deadline).
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('schedules', (t) => {
    t.string('id', 64).primary();
    t.string('form_id', 64).notNullable().unique().references('forms.id').onDelete('CASCADE');
    t.boolean('enabled').notNullable().defaultTo(false);
    if (pg) t.jsonb('settings').notNullable();
    else t.text('settings').notNullable();
    t.string('enabled_at', 32).comment('when it was last turned on: periods due before then are not caught up');
    t.string('created_at', 32).notNullable();
    t.string('updated_at', 32).notNullable();
    t.index(['enabled']);
  });
  await knex.schema.createTable('schedule_periods', (t) => {
    t.string('id', 64).primary();
    t.string('schedule_id', 64).notNullable().references('schedules.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable();
    t.string('key', 32).notNullable();
    t.string('opens_at', 32).notNullable();
    t.string('deadline_at', 32).notNullable();
    if (pg) t.jsonb('reminders_at').notNullable();
    else t.text('reminders_at').notNullable();
    t.string('next_reminder_at', 32).comment('the next reminder still to send, null when all are sent');
    t.string('created_at', 32).notNullable();
    t.unique(['schedule_id', 'key']);
    t.index(['form_id', 'opens_at']);
    t.index(['next_reminder_at']);
  });
  await knex.schema.createTable('assignments', (t) => {
    t.string('id', 64).primary();
    t.string('period_id', 64).notNullable().references('schedule_periods.id').onDelete('CASCADE');
    t.string('form_id', 64).notNullable();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('status', 16).notNullable().defaultTo('open');
    t.string('submission_id', 64);
    t.string('submitted_at', 32);
    t.boolean('late').notNullable().defaultTo(false);
    t.unique(['period_id', 'user_id']);
    t.index(['user_id', 'form_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('assignments');
  await knex.schema.dropTableIfExists('schedule_periods');
  await knex.schema.dropTableIfExists('schedules');
}

import type { Knex } from 'knex';

/**
 * Notifications (services/notifications): one row per recipient. The text is rendered from `kind`
 * and `params` in the recipient's language when shown or mailed, so a language change applies to
 * old notifications too. Urgent ones (DING) must be acknowledged; the sender sees read/acknowledged.
 * `batch_id` groups the rows one urgent send wrote, so the sender sees it as one reminder.
 * `email_status`: none (not mailed), pending, sending (claimed by a mailer until `email_next_at`), sent,
 * failed (gave up after several tries), skipped (no SMTP configured, or the recipient is disabled).
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('notifications', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('kind', 64).notNullable();
    if (pg) t.jsonb('params').notNullable();
    else t.text('params').notNullable();
    t.string('link', 500);
    t.string('submission_id', 64);
    t.string('task_id', 64);
    t.string('sender_id', 64).references('users.id').onDelete('SET NULL');
    t.string('batch_id', 64);
    t.boolean('urgent').notNullable().defaultTo(false);
    t.string('created_at', 32).notNullable();
    t.string('read_at', 32);
    t.string('acknowledged_at', 32);
    t.string('email_status', 16).notNullable().defaultTo('none');
    t.integer('email_attempts').notNullable().defaultTo(0);
    t.string('email_next_at', 32);
    t.string('emailed_at', 32);
    t.string('email_error', 500);
    t.index(['user_id', 'id']);
    t.index(['user_id', 'read_at']);
    t.index(['email_status', 'email_next_at']);
    t.index(['sender_id', 'batch_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('notifications');
}

import type { Knex } from 'knex';

/**
 * Single sign-on (issue 9): which provider account belongs to which user. A person is found by
 * (issuer, subject) — the provider's stable id — never by an email the provider may let them change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('user_identities', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('issuer', 500).notNullable();
    t.string('subject', 255).notNullable();
    t.string('email', 320);
    t.string('created_at', 32).notNullable();
    t.string('last_login_at', 32);
    t.unique(['issuer', 'subject']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('user_identities');
}

import type { Knex } from 'knex';
import { newId } from '../lib/ids.ts';

/**
 * Sign-in security (issue 9): sessions remember where they were opened (address, browser) and get a
 * public id to show and revoke them by (their primary key is the cookie's hash and never leaves the
 * server); failed sign-ins and lockouts live in the database so every server behind a balancer
 * counts together; the last password hashes of each person, so a change cannot reuse one.
 */
export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.alterTable('sessions', (t) => {
    t.string('public_id', 64).comment('shown to people and used to revoke; the primary key is the cookie hash');
    t.string('ip', 64);
    t.string('user_agent', 400);
  });
  const existing: { id: string }[] = await knex('sessions').select('id');
  for (const s of existing) await knex('sessions').where({ id: s.id }).update({ public_id: newId() });
  await knex.schema.alterTable('sessions', (t) => t.unique(['public_id']));

  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('seq').primary();
    t.string('account', 254).notNullable().comment('the email tried, lower-cased');
    t.string('address', 64).notNullable();
    ts(t, 'at').notNullable();
    t.index(['account', 'at']);
    t.index(['address', 'at']);
  });

  await knex.schema.createTable('login_lockouts', (t) => {
    t.string('key', 320).primary().comment("'account:<email>' or 'address:<ip>'");
    ts(t, 'locked_at').notNullable();
    ts(t, 'until').notNullable();
  });

  await knex.schema.createTable('password_history', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('password_hash', 200).notNullable();
    ts(t, 'created_at').notNullable();
    t.index(['user_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('password_history');
  await knex.schema.dropTableIfExists('login_lockouts');
  await knex.schema.dropTableIfExists('login_failures');
  await knex.schema.alterTable('sessions', (t) => {
    t.dropUnique(['public_id']);
    t.dropColumn('public_id');
    t.dropColumn('ip');
    t.dropColumn('user_agent');
  });
}

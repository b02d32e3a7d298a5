import type { Knex } from 'knex';

/**
 * LDAP / Active Directory sync (services/directorySync). People and departments that came from the
 * directory carry `auth_source = 'ldap'` and `external_id` = the entry's stable id (entryUUID, or
 * objectGUID in hex on AD), so a rename or move in the directory updates the same row. A local
 * person keeps `auth_source = 'local'` and no external id. `directory_disabled` marks people a sync
 * disabled because they left, so only they come back when they reappear (not people an admin disabled).
 *
 * `directory_sync_runs` is the history; a scheduled run's `slot` (the interval it belongs to) is
 * unique, so however many servers tick, each interval is synced by exactly one of them.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  await knex.schema.alterTable('users', (t) => {
    t.string('auth_source', 16).notNullable().defaultTo('local').comment("'local' or 'ldap' (others may follow)");
    t.string('external_id', 200).comment("the directory entry's stable id (entryUUID / objectGUID)");
    t.boolean('directory_disabled').notNullable().defaultTo(false).comment('disabled by a sync because they left the directory');
  });
  await knex.schema.alterTable('users', (t) => t.unique(['auth_source', 'external_id']));
  await knex.schema.alterTable('departments', (t) => {
    t.string('external_id', 200).comment("the directory OU's stable id, for departments the sync made");
  });
  await knex.schema.alterTable('departments', (t) => t.unique(['external_id']));

  await knex.schema.createTable('directory_sync_runs', (t) => {
    t.string('id', 64).primary();
    t.string('trigger', 16).notNullable().comment("'manual' or 'scheduled'");
    t.string('slot', 64).unique().comment('scheduled runs: the interval start (ISO); null for manual runs');
    t.string('actor_id', 64).comment('who ran it (no foreign key: the history outlives people)');
    t.string('status', 16).notNullable().comment("'running', 'succeeded' or 'failed'");
    json(t, 'counts').comment('{created, updated, deactivated, reactivated, departmentsCreated, departmentsMoved, managersSet}');
    t.string('error', 1000);
    t.string('started_at', 32).notNullable();
    t.string('finished_at', 32);
    t.index(['started_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('directory_sync_runs');
  await knex.schema.alterTable('departments', (t) => {
    t.dropUnique(['external_id']);
    t.dropColumn('external_id');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['auth_source', 'external_id']);
    t.dropColumn('auth_source');
    t.dropColumn('external_id');
    t.dropColumn('directory_disabled');
  });
}

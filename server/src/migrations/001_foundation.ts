import type { Knex } from 'knex';

/**
 * Timestamps are ISO-8601 UTC strings (same text, same ordering on both databases).
 * Schemas use `json` on PostgreSQL (keeps key order, which decides field order on screen);
 * submission data and event payloads use `jsonb` there (queried by reports and filters).
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const jsonb = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.json(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.createTable('users', (t) => {
    t.string('id', 64).primary();
    t.string('email', 254).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('role', 16).notNullable();
    t.string('password_hash', 200);
    t.string('locale', 16);
    ts(t, 'created_at').notNullable();
    ts(t, 'disabled_at');
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary().comment('sha256 of the cookie value');
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'expires_at').notNullable();
    ts(t, 'last_seen_at').notNullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    ts(t, 'created_at').notNullable();
    ts(t, 'last_used_at');
    ts(t, 'revoked_at');
  });

  await knex.schema.createTable('apps', (t) => {
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('app_grants', (t) => {
    t.string('app_id', 64).notNullable().references('apps.id').onDelete('CASCADE');
    t.string('principal', 64).notNullable().comment('a user id, or * for every signed-in user');
    t.string('permission', 16).notNullable();
    t.primary(['app_id', 'principal', 'permission']);
    t.index(['principal']);
  });

  await knex.schema.createTable('forms', (t) => {
    t.string('id', 64).primary();
    t.string('app_id', 64).notNullable().references('apps.id').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.string('status', 16).notNullable();
    t.integer('revision').notNullable();
    json(t, 'draft_schema').notNullable();
    json(t, 'draft_ui_schema').notNullable();
    t.integer('latest_version');
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['app_id']);
  });

  await knex.schema.createTable('form_versions', (t) => {
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.string('name', 200).notNullable();
    json(t, 'schema').notNullable();
    json(t, 'ui_schema').notNullable();
    ts(t, 'published_at').notNullable();
    t.string('published_by', 64).references('users.id').onDelete('SET NULL');
    t.primary(['form_id', 'version']);
  });

  await knex.schema.createTable('submissions', (t) => {
    t.string('id', 64).primary();
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('app_id', 64).notNullable();
    t.integer('form_version').notNullable();
    jsonb(t, 'data').notNullable();
    t.string('created_by', 64).references('users.id').onDelete('SET NULL');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['form_id', 'id']);
    t.index(['form_id', 'created_by', 'id']);
  });

  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('user_id', 64).notNullable();
    t.string('key', 255).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status_code').notNullable();
    jsonb(t, 'response').notNullable();
    ts(t, 'created_at').notNullable();
    t.primary(['user_id', 'key']);
    t.index(['created_at']);
  });

  await knex.schema.createTable('domain_events', (t) => {
    t.bigIncrements('seq').primary();
    t.string('id', 64).notNullable().unique();
    t.string('type', 64).notNullable();
    t.string('app_id', 64);
    t.string('form_id', 64);
    t.string('actor_id', 64);
    jsonb(t, 'payload').notNullable();
    ts(t, 'occurred_at').notNullable();
    t.index(['type', 'seq']);
  });

  await knex.schema.createTable('templates', (t) => {
    t.string('id', 64).primary();
    t.string('source', 16).notNullable().comment('bundled, or custom (later)');
    json(t, 'definition').notNullable();
    t.string('content_hash', 64).notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'templates',
    'domain_events',
    'idempotency_keys',
    'submissions',
    'form_versions',
    'forms',
    'app_grants',
    'apps',
    'api_tokens',
    'sessions',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

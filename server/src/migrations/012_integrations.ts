import type { Knex } from 'knex';

/**
 * Integrations (services/webhooks, services/dispatcher, services/connectors): the outbox's consumers.
 *
 * - `domain_events.dispatched_at`: the dispatcher fans each event out once (claimed with SKIP LOCKED
 *   on PostgreSQL), so a transaction that commits late with a lower seq is never skipped the way a
 *   "last seq seen" cursor would skip it. Events stored before this migration count as dispatched.
 * - `webhook_subscriptions`: where events go (a URL, a filter, a payload format); Zapier's REST hook
 *   subscriptions are rows of format `zapier`.
 * - `webhook_deliveries`: one per (subscription, event), unique, so a fan-out that runs twice makes
 *   one delivery; its id is the `webhook-id` every retry repeats. `webhook_attempts` is the log.
 * - `connector_jobs`: one per (connector, event) that a connector (Shopify, QuickBooks) accepted;
 *   retried like deliveries; `submission_external_refs` is what the connector made of a submission.
 */
export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const json = (t: Knex.CreateTableBuilder, name: string) => (pg ? t.jsonb(name) : t.text(name));
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

  await knex.schema.alterTable('domain_events', (t) => {
    ts(t, 'dispatched_at');
  });
  await knex('domain_events').update({ dispatched_at: new Date().toISOString() });
  // Partial: the dispatcher's scan touches only what is left to do, however long the history.
  await knex.raw('CREATE INDEX domain_events_undispatched ON domain_events (seq) WHERE dispatched_at IS NULL');

  await knex.schema.createTable('webhook_subscriptions', (t) => {
    t.string('id', 64).primary();
    t.string('owner_id', 64).notNullable().references('users.id');
    t.string('app_id', 64).references('apps.id').onDelete('CASCADE');
    t.string('form_id', 64).references('forms.id').onDelete('CASCADE');
    t.string('format', 16).notNullable().comment('canonical | template | zapier');
    t.text('url').notNullable();
    t.string('description', 200);
    json(t, 'events').notNullable().comment('event types, e.g. ["submission.created", "approval.*"]');
    json(t, 'filter').comment('a Condition on the submission data, or null');
    json(t, 'headers').notNullable().comment('extra request headers {name: value}');
    t.text('template').comment('Handlebars source when format = template');
    t.string('content_type', 64).notNullable().defaultTo('application/json');
    t.integer('template_version').notNullable().defaultTo(1).comment('bumped on every template change: the compile cache key');
    t.text('secret_sealed').notNullable().comment('the whsec_ secret, sealed with the server key (lib/secretBox)');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.string('disabled_reason', 16).comment('manual | gone (410) | failing');
    ts(t, 'failing_since').comment('first failure of the current run of failures; null after a success');
    t.integer('revision').notNullable().defaultTo(1);
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['enabled']);
    t.index(['app_id']);
    t.index(['form_id']);
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.string('id', 64).primary().comment('msg_… : the webhook-id header, the same on every retry');
    t.string('subscription_id', 64).notNullable().references('webhook_subscriptions.id').onDelete('CASCADE');
    t.string('event_id', 64).notNullable();
    t.string('event_type', 64).notNullable();
    t.string('status', 16).notNullable().comment('pending | delivering | succeeded | failed (will retry) | dead');
    t.integer('attempts').notNullable().defaultTo(0);
    ts(t, 'next_attempt_at').comment('due time when pending/failed; lease end when delivering');
    t.integer('last_status_code');
    t.string('last_error', 500);
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    ts(t, 'delivered_at');
    t.unique(['subscription_id', 'event_id']);
    t.index(['status', 'next_attempt_at']);
    t.index(['subscription_id', 'created_at']);
  });

  await knex.schema.createTable('webhook_attempts', (t) => {
    t.string('id', 64).primary();
    t.string('delivery_id', 64).notNullable().references('webhook_deliveries.id').onDelete('CASCADE');
    t.integer('attempt').notNullable();
    ts(t, 'started_at').notNullable();
    t.integer('duration_ms');
    t.text('request_url').notNullable();
    json(t, 'request_headers').notNullable().comment('as sent, with the signature');
    t.text('request_body').notNullable();
    t.integer('response_status');
    t.text('response_body').comment('the first 2 KB');
    t.string('error', 500).comment('network error, timeout, refused address');
    t.index(['delivery_id', 'attempt']);
  });

  await knex.schema.createTable('connector_jobs', (t) => {
    t.string('id', 64).primary();
    t.string('connector', 32).notNullable();
    t.string('event_id', 64).notNullable();
    t.string('event_type', 64).notNullable();
    t.string('submission_id', 64);
    t.string('status', 16).notNullable().comment('pending | running | succeeded | failed (will retry) | dead');
    t.integer('attempts').notNullable().defaultTo(0);
    ts(t, 'next_attempt_at');
    t.string('last_error', 1000).comment("the external system's message, shown to people");
    json(t, 'result');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.unique(['connector', 'event_id']);
    t.index(['status', 'next_attempt_at']);
    t.index(['submission_id']);
  });

  await knex.schema.createTable('submission_external_refs', (t) => {
    t.string('id', 64).primary();
    t.string('submission_id', 64).notNullable();
    t.string('connector', 32).notNullable();
    t.string('kind', 32).notNullable().comment('draft_order, order, purchase_order, bill, bill_payment, …');
    t.string('external_id', 255).notNullable();
    t.string('label', 255).comment('what people call it there, e.g. #D12 or PO 1003');
    t.text('url').comment('a link to it in the external system');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.unique(['submission_id', 'connector', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['submission_external_refs', 'connector_jobs', 'webhook_attempts', 'webhook_deliveries', 'webhook_subscriptions']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('DROP INDEX IF EXISTS domain_events_undispatched');
  await knex.schema.alterTable('domain_events', (t) => t.dropColumn('dispatched_at'));
}

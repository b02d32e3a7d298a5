import type { Knex } from 'knex';
import type { PluginMigration } from '@formloom/plugin-api';

/**
 * The Shopify connector's own tables:
 * - `shopify_connection`: the one connected store (row id "default"), its Admin API token sealed.
 * - `shopify_mappings`: per form, how its submissions (or stock moves) reach Shopify (JSON, shared/mappings.ts).
 * - `shopify_sends`: one row per (submission, kind) send. `state` is `sending` while a request may be
 *   in flight and `done` after; a `sending` row found by a later attempt means the earlier one ended
 *   without knowing (crash, timeout), so the order is looked up by its tag before creating it again.
 */
const init: PluginMigration = {
  name: 'shopify_001_init',
  async up(knex: Knex) {
    await knex.schema.createTable('shopify_connection', (t) => {
      t.string('id', 16).primary().comment('always "default"');
      t.string('shop_domain', 100).notNullable();
      t.string('shop_name', 255).notNullable();
      t.string('currency_code', 8).notNullable();
      t.text('access_token_sealed').notNullable();
      t.string('connected_by', 64);
      t.string('connected_at', 32).notNullable();
    });
    await knex.schema.createTable('shopify_mappings', (t) => {
      t.string('form_id', 64).primary();
      t.boolean('enabled').notNullable().defaultTo(true);
      t.string('kind', 32).notNullable();
      t.text('target').notNullable().comment('ShopifyMappingTarget JSON');
      t.string('updated_by', 64);
      t.string('updated_at', 32).notNullable();
    });
    await knex.schema.createTable('shopify_sends', (t) => {
      t.string('submission_id', 64).notNullable();
      t.string('kind', 32).notNullable();
      t.string('idempotency_key', 64).notNullable();
      t.string('state', 16).notNullable().comment('sending | done');
      t.integer('attempts').notNullable().defaultTo(0);
      t.string('external_id', 255);
      t.string('updated_at', 32).notNullable();
      t.primary(['submission_id', 'kind']);
    });
  },
  async down(knex: Knex) {
    for (const table of ['shopify_sends', 'shopify_mappings', 'shopify_connection']) await knex.schema.dropTableIfExists(table);
  },
};

export const shopifyMigrations: readonly PluginMigration[] = [init];

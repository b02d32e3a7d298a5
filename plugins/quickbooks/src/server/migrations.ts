import type { Knex } from 'knex';
import type { PluginMigration } from '@formloom/plugin-api';

/**
 * The QuickBooks connector's own tables:
 * - `quickbooks_settings`: the Intuit app's keys (one row; the secret sealed). FORMLOOM_QBO_CLIENT_ID/SECRET win.
 * - `quickbooks_companies`: one row per connected company (realm) with its sealed tokens. `token_version`
 *   is the compare-and-set guard of a refresh and `refresh_lease_until` who is refreshing: Intuit rotates
 *   the refresh token, so two servers refreshing with the same one would leave one of them a dead token.
 * - `quickbooks_oauth_states`: the OAuth `state` of a connect in progress, bound to the admin, single use.
 * - `quickbooks_mappings`: per form, how its submissions become PurchaseOrders or Bills (JSON, see shared/mappings.ts).
 */
const init: PluginMigration = {
  name: 'quickbooks_001_init',
  async up(knex: Knex) {
    const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);
    await knex.schema.createTable('quickbooks_settings', (t) => {
      t.string('id', 16).primary().comment('always "default"');
      t.string('client_id', 200).notNullable();
      t.text('client_secret_sealed').notNullable();
      t.string('environment', 16).notNullable();
      ts(t, 'updated_at').notNullable();
    });
    await knex.schema.createTable('quickbooks_companies', (t) => {
      t.string('realm_id', 64).primary();
      t.string('name', 255).notNullable();
      t.string('environment', 16).notNullable();
      t.text('access_token_sealed').notNullable();
      ts(t, 'access_expires_at').notNullable();
      t.text('refresh_token_sealed').notNullable();
      ts(t, 'refresh_expires_at');
      t.integer('token_version').notNullable().defaultTo(1);
      ts(t, 'refresh_lease_until').comment('a server is refreshing until then; others wait for token_version to move');
      t.boolean('active').notNullable().defaultTo(false);
      t.string('problem', 500).comment('why calls fail until it is connected again (refresh token revoked)');
      ts(t, 'connected_at').notNullable();
      t.string('connected_by', 64);
      ts(t, 'updated_at').notNullable();
    });
    await knex.schema.createTable('quickbooks_oauth_states', (t) => {
      t.string('state_hash', 64).primary().comment('sha256 of the state; the state itself only travels in the URL');
      t.string('user_id', 64).notNullable();
      ts(t, 'expires_at').notNullable();
      ts(t, 'used_at');
      ts(t, 'created_at').notNullable();
    });
    await knex.schema.createTable('quickbooks_mappings', (t) => {
      t.string('form_id', 64).primary();
      t.string('realm_id', 64).notNullable();
      t.boolean('enabled').notNullable().defaultTo(true);
      t.string('kind', 32).notNullable();
      t.text('target').notNullable().comment('QuickBooksMappingTarget JSON');
      t.string('updated_by', 64);
      ts(t, 'updated_at').notNullable();
    });
  },
  async down(knex: Knex) {
    for (const table of ['quickbooks_mappings', 'quickbooks_oauth_states', 'quickbooks_companies', 'quickbooks_settings']) {
      await knex.schema.dropTableIfExists(table);
    }
  },
};

export const quickbooksMigrations: readonly PluginMigration[] = [init];

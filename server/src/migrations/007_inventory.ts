import type { Knex } from 'knex';

/**
 * The stock ledger behind forms whose uiSchema root has `ui:options.stockLedger` (services/stock).
 *
 * Quantities are exact: stored as integer thousandths (BIGINT), so 2.5 kg is 2500 and sums never
 * pick up binary float noise; the API speaks decimals with up to three places.
 *
 * `stock_levels` holds the on-hand of one item in one zone of one ledger (the movement form). It is
 * only changed inside the transaction that stores the movement, by one atomic statement (or under
 * its row lock, for a count), so concurrent movements neither lose nor double an update.
 * `stock_moves` is the stock card: one row per zone a movement touched (a transfer writes two), with
 * the zone's balance after it. `seq` orders the moves of one item and zone as they were applied:
 * it is taken after the level's row lock.
 */
export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);
  await knex.schema.createTable('stock_levels', (t) => {
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('item_id', 64).notNullable();
    t.string('zone_id', 255).notNullable();
    t.bigInteger('on_hand').notNullable().comment('thousandths of the item unit');
    ts(t, 'updated_at').notNullable();
    t.primary(['form_id', 'item_id', 'zone_id']);
  });
  await knex.schema.createTable('stock_moves', (t) => {
    t.bigIncrements('seq').primary();
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('submission_id', 64).notNullable();
    t.string('item_id', 64).notNullable();
    t.string('zone_id', 255).notNullable();
    t.string('movement_type', 16).notNullable().comment('receive, issue, transfer or count');
    t.bigInteger('delta').notNullable().comment('thousandths');
    t.bigInteger('balance_after').notNullable().comment("the zone's on-hand after this move, thousandths");
    t.string('reference', 500);
    t.string('created_by', 64);
    ts(t, 'created_at').notNullable();
    t.index(['form_id', 'item_id', 'seq']);
    t.index(['submission_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('stock_moves');
  await knex.schema.dropTableIfExists('stock_levels');
}

import type { Knex } from 'knex';

/**
 * Counters behind auto-number fields: one row per (form, field, period), holding the last number
 * given. It is only ever incremented inside the transaction that stores the submission using the
 * number, so a failed submission gives its number back (no gaps) and two submissions never share
 * one (the row is locked until the first commits). `period` is '' for a counter that never resets,
 * else the submission date cut to the pattern's finest date part ('2026', '2026-03', '2026-03-15').
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('number_sequences', (t) => {
    t.string('form_id', 64).notNullable().references('forms.id').onDelete('CASCADE');
    t.string('field', 255).notNullable().comment('JSON Pointer of the field in the submission data');
    t.string('period', 16).notNullable();
    t.integer('last_value').notNullable();
    t.primary(['form_id', 'field', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('number_sequences');
}

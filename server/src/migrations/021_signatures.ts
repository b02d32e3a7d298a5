import type { Knex } from 'knex';

/** Filled in by the issue 9 work that owns it. */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}

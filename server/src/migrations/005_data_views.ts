import type { Knex } from 'knex';

// Reserved for the data_views work; filled in by whoever builds it.
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}

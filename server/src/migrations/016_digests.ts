import type { Knex } from 'knex';

/**
 * Scheduled digests (services/digests): a dashboard or saved report emailed on a schedule, each
 * run once per (digest, key) however many servers tick. Filled in by the digest work; empty until then.
 */
export async function up(_knex: Knex): Promise<void> {}

export async function down(_knex: Knex): Promise<void> {}

import type { Knex } from 'knex';

/** Recurring collections (services/schedules): a form's schedule, its periods and assignments. */
export async function up(_knex: Knex): Promise<void> {
  // Filled in by the recurring-collections work.
}

export async function down(_knex: Knex): Promise<void> {}

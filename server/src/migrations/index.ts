import type { Knex } from 'knex';
import * as m001 from './001_foundation.ts';
import * as m002 from './002_number_sequences.ts';

/** Numbered and append-only: never edit a migration that has shipped, add the next one. */
const migrations: Record<string, Knex.Migration> = {
  '001_foundation': m001,
  '002_number_sequences': m002,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export async function migrateToLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}

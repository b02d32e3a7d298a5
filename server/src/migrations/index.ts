import type { Knex } from 'knex';
import { connectors } from '../services/connectors/registry.ts';
import * as m001 from './001_foundation.ts';
import * as m002 from './002_number_sequences.ts';
import * as m003 from './003_submission_flags.ts';
import * as m004 from './004_files.ts';
import * as m005 from './005_data_views.ts';
import * as m006 from './006_imports.ts';
import * as m007 from './007_inventory.ts';
import * as m008 from './008_organization.ts';
import * as m009 from './009_approvals.ts';
import * as m010 from './010_notifications.ts';
import * as m011 from './011_schedules.ts';
import * as m012 from './012_integrations.ts';
import * as m013 from './013_zapier_polling.ts';
import * as m014 from './014_reports.ts';
import * as m015 from './015_report_columns.ts';
import * as m016 from './016_digests.ts';
import * as m017 from './017_permissions_audit.ts';
import * as m018 from './018_directory_sync.ts';
import * as m019 from './019_sso.ts';
import * as m020 from './020_security.ts';
import * as m021 from './021_signatures.ts';

/** Numbered and append-only: never edit a migration that has shipped, add the next one. */
const migrations: Record<string, Knex.Migration> = {
  '001_foundation': m001,
  '002_number_sequences': m002,
  '003_submission_flags': m003,
  '004_files': m004,
  '005_data_views': m005,
  '006_imports': m006,
  '007_inventory': m007,
  '008_organization': m008,
  '009_approvals': m009,
  '010_notifications': m010,
  '011_schedules': m011,
  '012_integrations': m012,
  '013_zapier_polling': m013,
  '014_reports': m014,
  '015_report_columns': m015,
  '016_digests': m016,
  '017_permissions_audit': m017,
  '018_directory_sync': m018,
  '019_sso': m019,
  '020_security': m020,
  '021_signatures': m021,
};

// Connector plugins' own tables come after the core ones (their names start with the plugin id).
for (const plugin of connectors) for (const m of plugin.migrations) migrations[m.name] = m;

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

export async function migrateToLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}

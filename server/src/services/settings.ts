/**
 * Server-wide settings (system_settings): one JSON value per key — `directory` (LDAP), `sso`
 * (OpenID Connect), `security` (sessions, passwords, throttling). Secrets inside a value are stored
 * sealed with lib/secretBox by the service that owns the key; this module only reads and writes.
 */
import { nowIso, readJson, writeJson } from '../db/dialect.ts';
import type { Db } from '../repositories/types.ts';

export type SettingKey = 'directory' | 'sso' | 'security';

export async function readSetting<T>(db: Db, key: SettingKey): Promise<T | null> {
  const row: { value: unknown } | undefined = await db('system_settings').where({ key }).first('value');
  return row ? readJson<T>(row.value) : null;
}

export async function writeSetting(db: Db, key: SettingKey, value: unknown, updatedBy: string | null): Promise<void> {
  await db('system_settings')
    .insert({ key, value: writeJson(value), updated_at: nowIso(), updated_by: updatedBy })
    .onConflict('key')
    .merge(['value', 'updated_at', 'updated_by']);
}

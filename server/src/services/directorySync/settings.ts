/**
 * The directory connection settings (system_settings key `directory`). The bind password is stored
 * sealed with the server's secret box and never leaves this module in the clear except to bind.
 */
import { DirectorySettingsBody, type DirectorySettings } from '@formloom/schemas';
import { nowIso } from '../../db/dialect.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { Db } from '../../repositories/types.ts';
import { readSetting, writeSetting } from '../settings.ts';

type Fields = Omit<DirectorySettingsBody, 'bindPassword'>;
const FIELDS = DirectorySettingsBody.omit({ bindPassword: true });

/** What is stored: the settings, the sealed password and when they last changed. */
export interface StoredDirectorySettings extends Fields {
  sealedBindPassword: string | null;
  updatedAt: string;
}

/** Settings ready to connect with: the password opened. */
export interface DirectoryConfig extends Fields {
  bindPassword: string;
}

export async function readStored(db: Db): Promise<StoredDirectorySettings | null> {
  return readSetting<StoredDirectorySettings>(db, 'directory');
}

export function toPublic(stored: StoredDirectorySettings | null): DirectorySettings | null {
  if (!stored) return null;
  const { sealedBindPassword, updatedAt, ...fields } = stored;
  return { ...FIELDS.parse(fields), hasBindPassword: Boolean(sealedBindPassword), updatedAt };
}

/** Merges a body over what is stored: a body without a password keeps the stored one. */
export function configFrom(box: SecretBox, body: DirectorySettingsBody, stored: StoredDirectorySettings | null): DirectoryConfig {
  const { bindPassword, ...fields } = body;
  const password = bindPassword ?? (stored?.sealedBindPassword ? box.open(stored.sealedBindPassword) : '');
  return { ...fields, bindPassword: password };
}

export function storedConfig(box: SecretBox, stored: StoredDirectorySettings): DirectoryConfig {
  const { sealedBindPassword, updatedAt: _updatedAt, ...fields } = stored;
  // Parsed, so settings stored before a field existed get its default.
  return { ...FIELDS.parse(fields), bindPassword: sealedBindPassword ? box.open(sealedBindPassword) : '' };
}

export async function saveSettings(
  db: Db,
  box: SecretBox,
  body: DirectorySettingsBody,
  actorId: string,
): Promise<{ stored: StoredDirectorySettings; changed: string[]; passwordChanged: boolean }> {
  const before = await readStored(db);
  const { bindPassword, ...fields } = body;
  let sealedBindPassword = before?.sealedBindPassword ?? null;
  if (bindPassword !== undefined) sealedBindPassword = bindPassword === '' ? null : box.seal(bindPassword);
  const stored: StoredDirectorySettings = { ...fields, sealedBindPassword, updatedAt: nowIso() };
  await writeSetting(db, 'directory', stored, actorId);
  const changed = (Object.keys(fields) as (keyof Fields)[]).filter(
    (k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(fields[k] ?? null),
  );
  return { stored, changed, passwordChanged: bindPassword !== undefined };
}

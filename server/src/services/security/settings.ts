import { SECURITY_DEFAULTS, SecuritySettings } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';
import { readSetting, writeSetting } from '../settings.ts';
import { recordAudit } from '../audit/record.ts';

/** The security policy in force: the stored settings over the defaults (a damaged value reads as the defaults). */
export async function loadSecuritySettings(db: Db): Promise<SecuritySettings> {
  const stored = await readSetting<unknown>(db, 'security');
  if (!stored) return SECURITY_DEFAULTS;
  const parsed = SecuritySettings.safeParse(stored);
  return parsed.success ? parsed.data : SECURITY_DEFAULTS;
}

/** Saves the policy and audits which parts changed (the values are not secret, so they go in the entry). */
export async function saveSecuritySettings(
  db: import('knex').Knex,
  next: SecuritySettings,
  actorId: string,
  ip: string | null,
): Promise<SecuritySettings> {
  await db.transaction(async (trx) => {
    const before = await loadSecuritySettings(trx);
    await writeSetting(trx, 'security', next, actorId);
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const section of ['sessions', 'passwords', 'throttling'] as const) {
      for (const [key, value] of Object.entries(next[section])) {
        const old = (before[section] as Record<string, unknown>)[key];
        if (old !== value) changed[`${section}.${key}`] = { from: old, to: value };
      }
    }
    await recordAudit(trx, {
      action: 'security.settings_changed',
      actorId,
      targetType: 'settings',
      targetId: 'security',
      ip,
      details: { changed },
    });
  });
  return next;
}

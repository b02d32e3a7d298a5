/** The settings page's test button: connect, bind as the service account, count the people. */
import type { DirectorySettingsBody, DirectoryTestResult } from '@formloom/schemas';
import type { SecretBox } from '../../lib/secretBox.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { countPeople, DirectoryError } from './ldap.ts';
import { configFrom, storedConfig, type StoredDirectorySettings } from './settings.ts';

export async function testConnection(
  box: SecretBox,
  body: DirectorySettingsBody | null,
  stored: StoredDirectorySettings | null,
): Promise<DirectoryTestResult> {
  if (!body && !stored)
    throw new UnprocessableError(
      'directory_not_configured',
      'Send the settings to test, or save them first (PUT /api/directory-sync/settings).',
    );
  const config = body ? configFrom(box, body, stored) : storedConfig(box, stored!);
  const started = Date.now();
  try {
    const { count, sample } = await countPeople(config);
    return {
      ok: true,
      outcome: 'ok',
      message: `Connected and bound as ${config.bindDn || 'anonymous'}; ${count} ${count === 1 ? 'person matches' : 'people match'} the filter.`,
      userCount: count,
      sample,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    if (!(err instanceof DirectoryError)) throw err;
    return { ok: false, outcome: err.outcome, message: err.message, userCount: null, sample: [], durationMs: Date.now() - started };
  }
}

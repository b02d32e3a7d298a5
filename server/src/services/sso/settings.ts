/**
 * The single sign-on settings (system_settings key `sso`): read with defaults, shown without the
 * client secret, saved with the secret sealed by the server key (lib/secretBox).
 */
import type { SsoLoginOptions, SsoSettings, UpdateSsoSettingsBody } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { Db } from '../../repositories/types.ts';
import { readSetting, writeSetting } from '../settings.ts';

/** As stored: the client secret only sealed. */
export interface StoredSsoSettings extends Omit<SsoSettings, 'hasClientSecret' | 'redirectUri'> {
  clientSecretSealed: string | null;
}

export const DEFAULT_SSO_SETTINGS: StoredSsoSettings = {
  enabled: false,
  displayName: { en: 'company account', 'zh-Hant': '公司帳戶' },
  issuer: '',
  clientId: '',
  clientSecretSealed: null,
  scopes: ['openid', 'email', 'profile'],
  emailClaim: 'email',
  nameClaim: 'name',
  defaultRole: 'member',
  allowedEmailDomains: [],
  disablePasswordForSsoUsers: false,
  trustUnverifiedEmail: false,
};

export async function loadSsoSettings(db: Db): Promise<StoredSsoSettings> {
  const stored = await readSetting<Partial<StoredSsoSettings>>(db, 'sso');
  return { ...DEFAULT_SSO_SETTINGS, ...stored };
}

export function toSsoSettings(stored: StoredSsoSettings, redirectUri: string): SsoSettings {
  const { clientSecretSealed, ...rest } = stored;
  return { ...rest, hasClientSecret: Boolean(clientSecretSealed), redirectUri };
}

export function loginOptions(stored: StoredSsoSettings): SsoLoginOptions {
  return stored.enabled ? { enabled: true, displayName: stored.displayName } : { enabled: false, displayName: null };
}

/** http:// is accepted only for a provider on this machine (a test or a sidecar), never across a network. */
export function checkIssuerUrl(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new UnprocessableError(
      'sso_issuer_invalid',
      `The issuer "${issuer}" is not a URL; it looks like https://login.example.com/realms/staff.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UnprocessableError('sso_issuer_invalid', 'The issuer URL may not carry a query, fragment or user name.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UnprocessableError('sso_issuer_insecure', 'The issuer must use https:// (http:// only for a provider on this machine).');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnprocessableError('sso_issuer_invalid', 'The issuer must be an https:// URL.');
  }
  return url;
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** The keys whose values changed (the audit entry names them; the secret only as `clientSecret`). */
function changedKeys(before: StoredSsoSettings, after: StoredSsoSettings): string[] {
  const keys = Object.keys(after) as (keyof StoredSsoSettings)[];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => (k === 'clientSecretSealed' ? 'clientSecret' : k));
}

export async function saveSsoSettings(
  db: Db,
  box: SecretBox,
  body: UpdateSsoSettingsBody,
  actorId: string,
): Promise<{ stored: StoredSsoSettings; changed: string[] }> {
  const before = await loadSsoSettings(db);
  const { clientSecret, ...fields } = body;
  const scopes = [...new Set(['openid', ...fields.scopes])];
  const allowedEmailDomains = [...new Set(fields.allowedEmailDomains)];
  let clientSecretSealed = before.clientSecretSealed;
  if (clientSecret === null) clientSecretSealed = null;
  else if (clientSecret !== undefined) clientSecretSealed = box.seal(clientSecret);
  const after: StoredSsoSettings = { ...fields, scopes, allowedEmailDomains, clientSecretSealed };
  if (after.issuer) checkIssuerUrl(after.issuer);
  if (after.enabled && (!after.issuer || !after.clientId)) {
    throw new UnprocessableError('sso_incomplete', 'Single sign-on needs the issuer URL and the client id before it can be switched on.');
  }
  const changed = changedKeys(before, after);
  await writeSetting(db, 'sso', after, actorId);
  return { stored: after, changed };
}

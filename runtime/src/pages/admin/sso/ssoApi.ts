// Single sign-on calls: the login page's options (public) and the admin settings. JSON goes through the
// HTTP client's `request`, which carries the session's CSRF token.
import type { SsoDiscoveryResult, SsoDisplayName, SsoLoginOptions, SsoSettings, UpdateSsoSettingsBody } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../../api/client.ts';

export type { SsoDiscoveryResult, SsoDisplayName, SsoLoginOptions, SsoSettings, UpdateSsoSettingsBody };

export interface SsoApi {
  loginOptions(): Promise<SsoLoginOptions>;
  settings(): Promise<SsoSettings>;
  save(body: UpdateSsoSettingsBody): Promise<SsoSettings>;
  testDiscovery(issuer: string): Promise<SsoDiscoveryResult>;
}

/** Where the login button sends the browser: the server starts the sign-in and comes back to `next`. */
export function ssoStartUrl(next: string): string {
  return `/api/auth/sso/start?returnTo=${encodeURIComponent(next)}`;
}

/** The provider's name in the page's language. */
export function displayNameFor(name: SsoDisplayName, language: string): string {
  return language.startsWith('zh') ? name['zh-Hant'] : name.en;
}

/** null when the client cannot make raw requests (a test double without them): the page then offers no SSO. */
export function ssoApiOf(api: ApiClient): SsoApi | null {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') return null;
  const call = request.bind(api);
  return {
    loginOptions: () => call<SsoLoginOptions>('GET', '/api/auth/sso'),
    settings: () => call<SsoSettings>('GET', '/api/sso/settings'),
    save: (body) => call<SsoSettings>('PUT', '/api/sso/settings', body),
    testDiscovery: (issuer) => call<SsoDiscoveryResult>('POST', '/api/sso/settings/discovery', { issuer }),
  };
}

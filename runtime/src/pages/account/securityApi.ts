// The calls of /account, /admin/security and the people editor's "Sign out everywhere": the password
// policy and change, sessions (your own and, for admins, anyone's) and the security settings.
import type { PasswordPolicyInfo, PasswordProblem, SecuritySettings, SessionSummary } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../api/client.ts';

export type { PasswordPolicyInfo, PasswordProblem, SecuritySettings, SessionSummary };

export interface SecurityApi {
  passwordPolicy(): Promise<PasswordPolicyInfo>;
  /** Resolves with how many other sessions ended; 422 password_too_weak lists `details.reasons`. */
  changePassword(currentPassword: string, newPassword: string): Promise<{ revoked: number }>;
  mySessions(): Promise<SessionSummary[]>;
  signOutSession(id: string): Promise<void>;
  signOutOtherSessions(): Promise<{ revoked: number }>;
  userSessions(userId: string): Promise<SessionSummary[]>;
  signOutEverywhere(userId: string): Promise<{ revoked: number }>;
  settings(): Promise<SecuritySettings>;
  saveSettings(settings: SecuritySettings): Promise<SecuritySettings>;
}

const enc = encodeURIComponent;

export function securityApiOf(api: ApiClient): SecurityApi {
  const raw = (api as Partial<HttpApiClient>).request;
  if (typeof raw !== 'function') throw new Error('The account pages need an API client with request() (createHttpClient)');
  const request = raw.bind(api);
  return {
    passwordPolicy: () => request<PasswordPolicyInfo>('GET', '/api/auth/password-policy'),
    changePassword: (currentPassword, newPassword) => request('POST', '/api/auth/password', { currentPassword, newPassword }),
    mySessions: async () => (await request<{ items: SessionSummary[] }>('GET', '/api/auth/sessions')).items,
    signOutSession: async (id) => {
      await request('DELETE', `/api/auth/sessions/${enc(id)}`);
    },
    signOutOtherSessions: () => request('DELETE', '/api/auth/sessions'),
    userSessions: async (userId) => (await request<{ items: SessionSummary[] }>('GET', `/api/users/${enc(userId)}/sessions`)).items,
    signOutEverywhere: (userId) => request('DELETE', `/api/users/${enc(userId)}/sessions`),
    settings: () => request<SecuritySettings>('GET', '/api/security/settings'),
    saveSettings: (settings) => request<SecuritySettings>('PUT', '/api/security/settings', settings),
  };
}

/** A browser's user-agent string in a few words ("Chrome on Android"), or null when it says nothing we know. */
export function describeBrowser(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /(Chrome|Chromium|CriOS)\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}

/**
 * What the callback must know about the sign-in it finishes — PKCE verifier, state, nonce, where to
 * go next — kept in a short-lived cookie sealed with the server key (AES-256-GCM, lib/secretBox),
 * so any server behind a balancer that shares FORMLOOM_SECRET_KEY can finish a sign-in another
 * one started, and nothing is stored server-side for abandoned attempts.
 */
import type { SecretBox } from '../../lib/secretBox.ts';

export const SSO_STATE_COOKIE = 'formloom_sso';
/** Long enough to type a password and answer a second factor at the provider. */
export const SSO_STATE_TTL_MS = 10 * 60_000;
/** Marks the plaintext so another sealed value of this server can never be taken for a sign-in state. */
const PURPOSE = 'sso-state-v1';

export interface SsoState {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  redirectUri: string;
  /** The issuer the attempt started with: a settings change in between refuses it. */
  issuer: string;
  expiresAt: number;
}

export function sealState(box: SecretBox, state: SsoState): string {
  return box.seal(JSON.stringify({ purpose: PURPOSE, ...state }));
}

/** The state, or null when the cookie is missing, not ours, tampered with or expired. */
export function openState(box: SecretBox, sealed: string | undefined, now = Date.now()): SsoState | null {
  if (!sealed) return null;
  try {
    const value = JSON.parse(box.open(sealed)) as SsoState & { purpose?: string };
    if (value.purpose !== PURPOSE || typeof value.expiresAt !== 'number' || value.expiresAt < now) return null;
    return value;
  } catch {
    return null;
  }
}

import { z } from 'zod';
import { Role } from './user.ts';

/**
 * Single sign-on with OpenID Connect (issue 9): the admin's settings, the discovery check and what
 * the login page needs. The client secret is write-only: stored sealed, answered as `hasClientSecret`.
 */

/** The provider's name on the login button ("Sign in with <name>"), in both languages. */
export const SsoDisplayName = z.object({
  en: z.string().trim().min(1).max(80),
  'zh-Hant': z.string().trim().min(1).max(80),
});
export type SsoDisplayName = z.infer<typeof SsoDisplayName>;

/** A claim name in the ID token or userinfo answer (`email`, `preferred_username`, `upn`, …). */
const ClaimName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_:.\-/]{1,100}$/, 'A claim name: letters, digits and _ : . - /');

/** A scope value as OAuth defines it (printable ASCII without spaces, quotes or backslashes). */
const Scope = z
  .string()
  .trim()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/, 'A scope: printable characters without spaces, quotes or backslashes');

/** An email domain such as `example.com.hk` (lower-cased when stored). */
const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/, 'A domain such as example.com');

const settingsFields = {
  enabled: z.boolean(),
  displayName: SsoDisplayName,
  /** The provider's issuer identifier; its metadata is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: z.string().trim().max(500),
  clientId: z.string().trim().max(500),
  /** Always includes `openid`. */
  scopes: z.array(Scope).min(1).max(20),
  /** Claim holding the person's email (ID token, else userinfo). */
  emailClaim: ClaimName,
  /** Claim holding the person's display name; the email is used when it is missing. */
  nameClaim: ClaimName,
  /** Role of people created on their first sign-in. */
  defaultRole: Role,
  /** When not empty, only emails in these domains may sign in (sub-domains not included). */
  allowedEmailDomains: z.array(EmailDomain).max(50),
  /** Local-password sign-in refused (403 password_login_disabled) for people linked to this provider. */
  disablePasswordForSsoUsers: z.boolean(),
  /**
   * Treat the provider's emails as verified even without `email_verified: true` (some providers,
   * such as Microsoft Entra ID, never send it). Off by default: linking to an existing account by
   * an unverified email would let anyone who can type that email at the provider take the account.
   */
  trustUnverifiedEmail: z.boolean(),
};

export const SsoSettings = z
  .object({
    ...settingsFields,
    hasClientSecret: z.boolean(),
    /** The redirect URI to register at the provider (this server's callback). */
    redirectUri: z.string(),
  })
  .meta({ id: 'SsoSettings' });
export type SsoSettings = z.infer<typeof SsoSettings>;

export const UpdateSsoSettingsBody = z
  .object({
    ...settingsFields,
    /** A new client secret; left out keeps the stored one, null removes it (a public client). */
    clientSecret: z.string().min(1).max(2000).nullable().optional(),
  })
  .meta({ id: 'UpdateSsoSettingsBody' });
export type UpdateSsoSettingsBody = z.infer<typeof UpdateSsoSettingsBody>;

export const SsoDiscoveryBody = z
  .object({
    /** The issuer to try; the saved one when left out. */
    issuer: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'SsoDiscoveryBody' });
export type SsoDiscoveryBody = z.infer<typeof SsoDiscoveryBody>;

export const SsoDiscoveryResult = z
  .object({
    issuer: z.string(),
    authorizationEndpoint: z.string(),
    tokenEndpoint: z.string().nullable(),
    userinfoEndpoint: z.string().nullable(),
    scopesSupported: z.array(z.string()),
    claimsSupported: z.array(z.string()),
    /** PKCE with S256, which sign-in requires. */
    supportsPkceS256: z.boolean(),
  })
  .meta({ id: 'SsoDiscoveryResult' });
export type SsoDiscoveryResult = z.infer<typeof SsoDiscoveryResult>;

/** What the login page needs (public). */
export const SsoLoginOptions = z
  .object({
    enabled: z.boolean(),
    displayName: SsoDisplayName.nullable(),
  })
  .meta({ id: 'SsoLoginOptions' });
export type SsoLoginOptions = z.infer<typeof SsoLoginOptions>;

/** Why a sign-in through the provider ended on /login?sso_error=<code>. */
export const SSO_ERROR_CODES = [
  'sso_disabled',
  'invalid_return_to',
  'provider_unreachable',
  'provider_error',
  'state_mismatch',
  'token_invalid',
  'email_missing',
  'email_not_verified',
  'domain_not_allowed',
  'account_disabled',
] as const;
export const SsoErrorCode = z.enum(SSO_ERROR_CODES);
export type SsoErrorCode = z.infer<typeof SsoErrorCode>;

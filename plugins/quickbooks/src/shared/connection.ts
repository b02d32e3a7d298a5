import { z } from 'zod';

/** Which Intuit environment the app's keys belong to: sandbox companies and real ones never mix. */
export const QuickBooksEnvironment = z.enum(['sandbox', 'production']);
export type QuickBooksEnvironment = z.infer<typeof QuickBooksEnvironment>;

/** PUT /settings: the Intuit app's keys. The secret is stored sealed and never read back. */
export const QuickBooksSettingsInput = z.object({
  clientId: z.string().trim().min(1, 'enter the Client ID from the Intuit developer portal').max(200),
  clientSecret: z.string().trim().min(1, 'enter the Client Secret from the Intuit developer portal').max(200),
  environment: QuickBooksEnvironment,
});
export type QuickBooksSettingsInput = z.infer<typeof QuickBooksSettingsInput>;

/** A QuickBooks company (realm) an admin connected; one of them is the active one mappings use. */
export const QuickBooksCompany = z.object({
  realmId: z.string(),
  name: z.string(),
  active: z.boolean(),
  connectedAt: z.string(),
  /** Why calls fail until someone connects it again (a revoked or expired refresh token), else null. */
  problem: z.string().nullable(),
});
export type QuickBooksCompany = z.infer<typeof QuickBooksCompany>;

/** GET /connection. */
export const QuickBooksConnection = z.object({
  /** Client ID and secret are known (from the environment or PUT /settings). */
  configured: z.boolean(),
  /** At least one company is connected. */
  connected: z.boolean(),
  environment: QuickBooksEnvironment,
  /** The Client ID in use (not secret), null when not configured. */
  clientId: z.string().nullable(),
  /** FORMLOOM_QBO_CLIENT_ID/SECRET are set: they win over PUT /settings, so the screen says so. */
  settingsFromEnv: z.boolean(),
  /** The redirect URI to register in the Intuit app (Keys & credentials → Redirect URIs). */
  redirectUri: z.string(),
  companies: z.array(QuickBooksCompany),
});
export type QuickBooksConnection = z.infer<typeof QuickBooksConnection>;

/** POST /connect: where to send the admin's browser (Intuit's consent page). */
export const QuickBooksConnectResponse = z.object({ authorizeUrl: z.string() });
export type QuickBooksConnectResponse = z.infer<typeof QuickBooksConnectResponse>;

/** PUT /company: which connected company mappings and new jobs use. */
export const QuickBooksSelectCompany = z.object({ realmId: z.string().min(1).max(64) });
export type QuickBooksSelectCompany = z.infer<typeof QuickBooksSelectCompany>;

/** What `/callback` appends to /integrations/quickbooks when it fails (`?error=<code>`). */
export const QUICKBOOKS_CALLBACK_ERRORS = ['invalid_state', 'access_denied', 'token_exchange_failed', 'missing_realm'] as const;
export type QuickBooksCallbackError = (typeof QUICKBOOKS_CALLBACK_ERRORS)[number];

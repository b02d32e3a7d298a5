import type { ConnectorHost, OutboundHttp } from '@formloom/plugin-api';
import type { QuickBooksEnvironment } from '../shared/index.ts';

/**
 * Where the connector talks to: Intuit's real endpoints, unless the operator points it elsewhere
 * (FORMLOOM_QBO_AUTH_URL, FORMLOOM_QBO_TOKEN_URL, FORMLOOM_QBO_API_BASE; tests aim them at a fake).
 * Read from the environment on every use, so the same code path serves both.
 */
export const INTUIT_AUTHORIZE_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const INTUIT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
const API_BASES: Record<QuickBooksEnvironment, string> = {
  production: 'https://quickbooks.api.intuit.com',
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
};
const APP_BASES: Record<QuickBooksEnvironment, string> = {
  production: 'https://app.qbo.intuit.com',
  sandbox: 'https://app.sandbox.qbo.intuit.com',
};
export const QUICKBOOKS_SCOPE = 'com.intuit.quickbooks.accounting';
export const CALLBACK_PATH = '/api/connectors/quickbooks/callback';

type Env = ConnectorHost['env'];

export interface Endpoint {
  url: string;
  /** Operator-set origins may be private (a fake on loopback, a proxy); Intuit's go through the guard. */
  http: OutboundHttp;
}

function endpoint(host: Pick<ConnectorHost, 'env' | 'http' | 'trustedHttp'>, override: string | undefined, fallback: string): Endpoint {
  const set = override?.trim();
  return set ? { url: set.replace(/\/+$/, ''), http: host.trustedHttp } : { url: fallback, http: host.http };
}

export const authorizeEndpoint = (host: Pick<ConnectorHost, 'env' | 'http' | 'trustedHttp'>) =>
  endpoint(host, host.env.FORMLOOM_QBO_AUTH_URL, INTUIT_AUTHORIZE_URL);
export const tokenEndpoint = (host: Pick<ConnectorHost, 'env' | 'http' | 'trustedHttp'>) =>
  endpoint(host, host.env.FORMLOOM_QBO_TOKEN_URL, INTUIT_TOKEN_URL);
export const apiEndpoint = (host: Pick<ConnectorHost, 'env' | 'http' | 'trustedHttp'>, environment: QuickBooksEnvironment) =>
  endpoint(host, host.env.FORMLOOM_QBO_API_BASE, API_BASES[environment]);

/** The link people follow to a transaction in QuickBooks (`purchaseorder`, `bill`, `billpayment`). */
export function appLink(environment: QuickBooksEnvironment, entity: string, id: string): string {
  return `${APP_BASES[environment]}/app/${entity}?txnId=${encodeURIComponent(id)}`;
}

/** The redirect URI registered in the Intuit app: the public URL + the callback, unless set outright. */
export function redirectUri(host: Pick<ConnectorHost, 'env' | 'publicUrl'>): string {
  const explicit = host.env.FORMLOOM_QBO_REDIRECT_URI?.trim();
  if (explicit) return explicit;
  const base = (host.env.FORMLOOM_PUBLIC_URL?.trim() || host.publicUrl).replace(/\/+$/, '');
  return base + CALLBACK_PATH;
}

export function environmentFromEnv(env: Env): QuickBooksEnvironment | null {
  const v = env.FORMLOOM_QBO_ENVIRONMENT?.trim();
  return v === 'sandbox' || v === 'production' ? v : null;
}

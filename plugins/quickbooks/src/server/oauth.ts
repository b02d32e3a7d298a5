import { createHash, randomBytes } from 'node:crypto';
import { ConnectorPermanentError, ConnectorRetryableError, type ConnectorHost } from '@formloom/plugin-api';
import { QUICKBOOKS_SCOPE, authorizeEndpoint, redirectUri, tokenEndpoint } from './config.ts';
import type { AppKeys } from './settings.ts';

/** OAuth 2.0 authorization code flow with Intuit: the consent URL, its `state`, and the token endpoint. */

type Host = Pick<ConnectorHost, 'knex' | 'env' | 'http' | 'trustedHttp' | 'publicUrl'>;

/** How long an admin has between "Connect" and coming back from Intuit's consent page. */
export const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/** A fresh single-use state bound to the admin, and the consent URL carrying it. */
export async function startAuthorization(host: Host, keys: AppKeys, userId: string, now: Date): Promise<string> {
  const state = randomBytes(24).toString('base64url');
  await host.knex('quickbooks_oauth_states').where('expires_at', '<', now.toISOString()).delete();
  await host.knex('quickbooks_oauth_states').insert({
    state_hash: hashState(state),
    user_id: userId,
    expires_at: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
    used_at: null,
    created_at: now.toISOString(),
  });
  const url = new URL(authorizeEndpoint(host).url);
  url.searchParams.set('client_id', keys.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', QUICKBOOKS_SCOPE);
  url.searchParams.set('redirect_uri', redirectUri(host));
  url.searchParams.set('state', state);
  return url.toString();
}

/**
 * Uses up a state: true only for the admin who started it, within its time, once. The compare-and-set
 * on `used_at` makes a replayed callback (a reload, a second server) lose.
 */
export async function consumeState(host: Host, state: string, userId: string, now: Date): Promise<boolean> {
  const used = await host
    .knex('quickbooks_oauth_states')
    .where({ state_hash: hashState(state), user_id: userId })
    .whereNull('used_at')
    .where('expires_at', '>', now.toISOString())
    .update({ used_at: now.toISOString() });
  return used === 1;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string | null;
}

/** Intuit says `invalid_grant` for a used, revoked or expired refresh token (or code): only reconnecting helps. */
export class TokenGrantError extends ConnectorPermanentError {
  constructor(message: string) {
    super(message);
    this.name = 'TokenGrantError';
  }
}

async function tokenRequest(host: Host, keys: AppKeys, form: Record<string, string>, now: Date): Promise<TokenSet> {
  const { url, http } = tokenEndpoint(host);
  const basic = Buffer.from(`${keys.clientId}:${keys.clientSecret}`).toString('base64');
  let res;
  try {
    res = await http.request({
      method: 'POST',
      url,
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      timeoutMs: 15_000,
    });
  } catch (err) {
    throw new ConnectorRetryableError(`Could not reach Intuit's token endpoint: ${(err as Error).message}`);
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    // An HTML error page from a proxy: judged by the status below.
  }
  if (res.status === 429 || res.status >= 500) {
    throw new ConnectorRetryableError(`Intuit's token endpoint answered ${res.status}; trying again later.`);
  }
  if (res.status === 400 && body.error === 'invalid_grant') {
    throw new TokenGrantError(
      'QuickBooks no longer accepts this connection (the authorization was revoked or expired). An admin must connect the company again.',
    );
  }
  if (res.status === 401 || body.error === 'invalid_client') {
    throw new ConnectorPermanentError('Intuit refused the Client ID or Client Secret. Check the QuickBooks settings.');
  }
  if (res.status !== 200 || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw new ConnectorPermanentError(
      `Intuit's token endpoint answered ${res.status}${typeof body.error === 'string' ? ` (${body.error})` : ''}.`,
    );
  }
  const seconds = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessExpiresAt: new Date(now.getTime() + seconds(body.expires_in, 3600) * 1000).toISOString(),
    refreshExpiresAt:
      typeof body.x_refresh_token_expires_in === 'number'
        ? new Date(now.getTime() + body.x_refresh_token_expires_in * 1000).toISOString()
        : null,
  };
}

export function exchangeCode(host: Host, keys: AppKeys, code: string, now: Date): Promise<TokenSet> {
  return tokenRequest(host, keys, { grant_type: 'authorization_code', code, redirect_uri: redirectUri(host) }, now);
}

export function refreshTokens(host: Host, keys: AppKeys, refreshToken: string, now: Date): Promise<TokenSet> {
  return tokenRequest(host, keys, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

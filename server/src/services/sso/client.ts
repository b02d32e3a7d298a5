/**
 * The OpenID Connect client (openid-client 6) for the configured provider. Every request to the
 * admin-typed issuer — discovery, the token exchange, JWKS, userinfo — goes through the outbound
 * address guard (app.outbound): an issuer on a private or loopback address needs the operator's
 * FORMLOOM_WEBHOOK_ALLOW_HOSTS, exactly as a webhook URL does, so the settings page cannot be used
 * to probe the server's own network.
 */
import * as oidc from 'openid-client';
import type { SsoDiscoveryResult } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import { TtlCache } from '../../lib/ttlCache.ts';
import { OutboundError, type OutboundHttp, type OutboundMethod } from '../outbound/index.ts';
import { checkIssuerUrl } from './settings.ts';
import type { StoredSsoSettings } from './settings.ts';

/** Provider metadata is read again after this; key rotations reach the JWKS sooner (openid-client refetches on an unknown kid). */
const CONFIG_TTL_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 512 * 1024;

/** openid-client's fetch, answered by the guarded outbound client (no redirects: OIDC endpoints do not redirect). */
export function guardedFetch(http: OutboundHttp): oidc.CustomFetch {
  return async (url, options) => {
    let body: string | undefined;
    if (options.body instanceof URLSearchParams) body = options.body.toString();
    else if (typeof options.body === 'string') body = options.body;
    else if (options.body != null) throw new TypeError('Unsupported request body for the identity provider.');
    const res = await http.request({
      method: options.method.toUpperCase() as OutboundMethod,
      url,
      headers: { ...options.headers },
      body,
      maxRedirects: 0,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxBodyBytes: MAX_RESPONSE_BYTES,
    });
    const empty = res.status === 204 || res.status === 304;
    return new Response(empty ? null : res.body, { status: res.status, headers: res.headers });
  };
}

async function discover(http: OutboundHttp, issuer: string, clientId: string, clientSecret: string | null): Promise<oidc.Configuration> {
  const url = checkIssuerUrl(issuer);
  const execute = url.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
  const fetchImpl = guardedFetch(http);
  // Discover once to see which client authentication the provider takes: Basic is the default
  // (RFC 8414) and what most providers expect; some only take the secret in the form body.
  const config = await oidc.discovery(url, clientId, undefined, oidc.None(), { [oidc.customFetch]: fetchImpl, execute });
  if (!clientSecret) return config;
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  const auth =
    !methods || methods.includes('client_secret_basic') ? oidc.ClientSecretBasic(clientSecret) : oidc.ClientSecretPost(clientSecret);
  const withSecret = new oidc.Configuration(config.serverMetadata(), clientId, undefined, auth);
  withSecret[oidc.customFetch] = fetchImpl;
  for (const run of execute) run(withSecret);
  return withSecret;
}

/** Why discovery failed, in words an admin can act on. */
export function describeProviderError(err: unknown): string {
  if (err instanceof OutboundError) return err.message;
  if (err instanceof UnprocessableError) return err.message;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

export class SsoClients {
  private cache = new TtlCache<Promise<oidc.Configuration>>(CONFIG_TTL_MS, 20);

  constructor(
    private readonly http: OutboundHttp,
    private readonly box: SecretBox,
  ) {}

  /** The client for the saved settings; cached, and dropped when discovery failed so the next try asks again. */
  forSettings(settings: StoredSsoSettings): Promise<oidc.Configuration> {
    const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecretSealed]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const secret = settings.clientSecretSealed ? this.box.open(settings.clientSecretSealed) : null;
    const pending = discover(this.http, settings.issuer, settings.clientId, secret);
    this.cache.set(key, pending);
    pending.catch(() => this.cache.delete(key));
    return pending;
  }

  /** The admin's "test discovery": reads the provider's metadata and says what matters for sign-in. */
  async discoveryReport(issuer: string): Promise<SsoDiscoveryResult> {
    let config: oidc.Configuration;
    try {
      config = await discover(this.http, issuer, 'discovery-check', null);
    } catch (err) {
      if (err instanceof UnprocessableError) throw err;
      throw new UnprocessableError(
        'sso_discovery_failed',
        `Could not read ${issuer.replace(/\/$/, '')}/.well-known/openid-configuration: ${describeProviderError(err)}`,
      );
    }
    const meta = config.serverMetadata();
    return {
      issuer: meta.issuer,
      authorizationEndpoint: meta.authorization_endpoint ?? '',
      tokenEndpoint: meta.token_endpoint ?? null,
      userinfoEndpoint: meta.userinfo_endpoint ?? null,
      scopesSupported: meta.scopes_supported ?? [],
      claimsSupported: meta.claims_supported ?? [],
      supportsPkceS256: (meta.code_challenge_methods_supported ?? []).includes('S256'),
    };
  }

  clear(): void {
    this.cache.clear();
  }
}

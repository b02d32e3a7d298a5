import { ConnectorPermanentError, ConnectorRetryableError, type ConnectorHost, type OutboundHttp } from '@formloom/plugin-api';
import { SHOPIFY_API_VERSION } from '../shared/index.ts';

/**
 * One Admin GraphQL request: POST https://{shop}/admin/api/2025-09/graphql.json with the store's
 * token, through the guarded outbound HTTP (the shop domain is typed by a person). Tests point
 * FORMLOOM_SHOPIFY_API_ORIGIN at their fake; that origin is the operator's, so it goes through the
 * trusted client, and nothing else about the request changes.
 */

/** Shopify refused the request before running it: nothing was created, so a retry is safe without a look-up. */
export class ShopifyThrottledError extends ConnectorRetryableError {}

/** Shopify refused the token (401/403) or knows no such store (404): an admin must reconnect. */
export class ShopifyAuthError extends ConnectorPermanentError {}

export interface ShopifyTarget {
  shopDomain: string;
  accessToken: string;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; cost?: number };
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLError[];
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

/** The longest a request waits in-process for the bucket to refill; longer waits go back to the job queue. */
const MAX_INLINE_WAIT_MS = 1_000;
/** What an unknown request is assumed to cost (Shopify's mutations cost 10, small queries 1–20). */
const DEFAULT_COST = 10;

/** The last bucket each store reported, to slow down before a request instead of being refused. */
const buckets = new Map<string, { status: ThrottleStatus; at: number }>();

export function apiUrl(host: Pick<ConnectorHost, 'env'>, shopDomain: string): { url: string; http: 'trusted' | 'guarded' } {
  const path = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  const origin = host.env.FORMLOOM_SHOPIFY_API_ORIGIN?.replace(/\/+$/, '');
  return origin ? { url: origin + path, http: 'trusted' } : { url: `https://${shopDomain}${path}`, http: 'guarded' };
}

/** Keeps what the store last said of its bucket. */
export function rememberBucket(shopDomain: string, status: ThrottleStatus, at = Date.now()): void {
  buckets.set(shopDomain, { status, at });
}

/** Milliseconds to wait until `cost` points are available, by the last reported bucket. */
export function waitForBucket(shopDomain: string, cost: number, now = Date.now()): number {
  const last = buckets.get(shopDomain);
  if (!last || last.status.restoreRate <= 0) return 0;
  const refilled = last.status.currentlyAvailable + (last.status.restoreRate * (now - last.at)) / 1000;
  const available = Math.min(last.status.maximumAvailable, refilled);
  return available >= cost ? 0 : Math.ceil(((cost - available) / last.status.restoreRate) * 1000);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reconnect message for a refused token. */
const RECONNECT =
  'Shopify refused the access token (revoked, or the custom app was uninstalled). An admin must reconnect the store under Integrations → Shopify.';

export class ShopifyClient {
  private readonly http: OutboundHttp;
  private readonly url: string;

  constructor(
    host: Pick<ConnectorHost, 'env' | 'http' | 'trustedHttp'>,
    private readonly target: ShopifyTarget,
  ) {
    const where = apiUrl(host, target.shopDomain);
    this.url = where.url;
    this.http = where.http === 'trusted' ? host.trustedHttp : host.http;
  }

  /**
   * Runs one document; returns `data`. THROTTLED → ConnectorRetryableError after the bucket's refill
   * time; 401/403 → permanent ("reconnect"); 5xx, 429 and network failures → retryable; any other
   * GraphQL error is ours (a document the pinned version refuses) → permanent with Shopify's words.
   */
  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    const wait = waitForBucket(this.target.shopDomain, DEFAULT_COST);
    if (wait > MAX_INLINE_WAIT_MS) throw new ShopifyThrottledError(`Shopify's request budget is low; sending ${what} later.`, wait);
    if (wait > 0) await sleep(wait);

    let res;
    try {
      res = await this.http.request({
        method: 'POST',
        url: this.url,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-shopify-access-token': this.target.accessToken },
        body: JSON.stringify({ query, variables }),
        timeoutMs: 30_000,
        maxBodyBytes: 4 * 1024 * 1024,
      });
    } catch (err) {
      throw new ConnectorRetryableError(`Could not reach Shopify for ${what}: ${(err as Error).message}`);
    }
    if (res.status === 401 || res.status === 403) throw new ShopifyAuthError(RECONNECT);
    if (res.status === 429) {
      const seconds = Number(res.headers['retry-after']);
      throw new ShopifyThrottledError(`Shopify asked to slow down (429) for ${what}.`, Number.isFinite(seconds) ? seconds * 1000 : 2_000);
    }
    if (res.status >= 500) throw new ConnectorRetryableError(`Shopify answered ${res.status} for ${what}; trying again later.`);
    if (res.status === 404) throw new ShopifyAuthError(`Shopify has no store at ${this.target.shopDomain} (404).`);

    let body: GraphQLBody;
    try {
      body = JSON.parse(res.body) as GraphQLBody;
    } catch {
      throw new ConnectorRetryableError(`Shopify answered ${res.status} without JSON for ${what}.`);
    }
    const status = body.extensions?.cost?.throttleStatus;
    if (status) rememberBucket(this.target.shopDomain, status);

    const errors = body.errors ?? [];
    const throttled = errors.find((e) => e.extensions?.code === 'THROTTLED');
    if (throttled) {
      const needed = body.extensions?.cost?.requestedQueryCost ?? DEFAULT_COST;
      const retryAfterMs =
        status && status.restoreRate > 0 ? Math.ceil(((needed - status.currentlyAvailable) / status.restoreRate) * 1000) : 1_000;
      throw new ShopifyThrottledError(
        `Shopify throttled ${what}; it is sent again once the request budget refills.`,
        Math.max(retryAfterMs, 100),
      );
    }
    if (errors.some((e) => e.extensions?.code === 'ACCESS_DENIED')) {
      throw new ConnectorPermanentError(
        `The custom app may not do ${what}: ${errors.map((e) => e.message).join(' ')} Give it the access scopes listed in the Shopify guide, then retry.`,
      );
    }
    if (errors.length || !body.data) {
      throw new ConnectorPermanentError(`Shopify refused ${what}: ${errors.map((e) => e.message).join(' ') || 'no data'}`);
    }
    if (res.status !== 200) throw new ConnectorPermanentError(`Shopify answered ${res.status} for ${what}.`);
    return body.data as T;
  }
}

/** Raises a mutation's userErrors as a permanent error people can act on (shown on the job and notified). */
export function throwUserErrors(userErrors: { field?: string[] | null; message: string }[] | undefined, what: string): void {
  if (!userErrors?.length) return;
  const messages = userErrors.map((e) => (e.field?.length ? `${e.field.join('.')}: ${e.message}` : e.message));
  throw new ConnectorPermanentError(`Shopify refused ${what}: ${messages.join('; ')}`);
}

/** Tests start with a fresh bucket per store. */
export function forgetBuckets(): void {
  buckets.clear();
}

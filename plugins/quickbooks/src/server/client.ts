import { ConnectorPermanentError, ConnectorRetryableError, type ConnectorHost, type OutboundResponse } from '@formloom/plugin-api';
import { QUICKBOOKS_MINOR_VERSION, type QuickBooksEnvironment } from '../shared/index.ts';
import { apiEndpoint } from './config.ts';
import { RealmRateLimiter } from './limiter.ts';
import { accessToken, refreshAccessToken } from './tokens.ts';

/**
 * Calls to the QuickBooks Online Accounting API v3 for one company: every call pinned to the minor
 * version, under the per-realm limits, with a refresh and one retry on a 401. A `Fault` is a failure
 * whatever the HTTP status (QuickBooks sends some with 200): validation faults are permanent (people
 * must fix the data or the mapping), throttling and system faults are retried.
 */

type Host = Pick<ConnectorHost, 'knex' | 'env' | 'http' | 'trustedHttp' | 'publicUrl' | 'secrets' | 'log'>;

/** One limiter per process: the limits are per realm, whichever job or route calls. */
export const processLimiter = new RealmRateLimiter();

/** Retry a 429 without Retry-After after this long (the contract: 60 s is safe). */
export const DEFAULT_THROTTLE_WAIT_MS = 60_000;

export interface QuickBooksFaultError {
  Message?: string;
  Detail?: string;
  code?: string;
  element?: string;
}

export interface CompanyTarget {
  realmId: string;
  environment: QuickBooksEnvironment;
}

function retryAfterMs(res: OutboundResponse): number {
  const raw = res.headers['retry-after'];
  if (!raw) return DEFAULT_THROTTLE_WAIT_MS;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : DEFAULT_THROTTLE_WAIT_MS;
}

function faultMessage(what: string, fault: { type?: string; Error?: QuickBooksFaultError[] }): string {
  const errors = (fault.Error ?? []).map((e) => {
    const text = [e.Message, e.Detail && e.Detail !== e.Message ? e.Detail : undefined].filter(Boolean).join(': ');
    const where = [e.code ? `code ${e.code}` : null, e.element ? `field ${e.element}` : null].filter(Boolean).join(', ');
    return where ? `${text} (${where})` : text;
  });
  return `QuickBooks refused ${what}: ${errors.join('; ') || fault.type || 'no reason given'}`;
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Turns a response into its JSON, or throws the retryable/permanent error it stands for. */
export function judgeResponse(res: OutboundResponse, what: string): Record<string, unknown> {
  const body = parseJson(res.body);
  if (res.status === 429)
    throw new ConnectorRetryableError(`QuickBooks is throttling requests for this company (429) while sending ${what}.`, retryAfterMs(res));
  const fault = body?.Fault as { type?: string; Error?: QuickBooksFaultError[] } | undefined;
  if (fault) {
    const message = faultMessage(what, fault);
    if (fault.type === 'ThrottlingFault') throw new ConnectorRetryableError(message, retryAfterMs(res));
    if (fault.type === 'SystemFault' || res.status >= 500) throw new ConnectorRetryableError(message);
    throw new ConnectorPermanentError(message);
  }
  if (res.status >= 500) throw new ConnectorRetryableError(`QuickBooks answered ${res.status} while sending ${what}; trying again later.`);
  if (res.status === 403)
    throw new ConnectorPermanentError(`QuickBooks refused ${what} (403): the connected user may not do this in the company.`);
  if (res.status < 200 || res.status >= 300 || !body) {
    throw new ConnectorPermanentError(`QuickBooks answered ${res.status} to ${what}${body ? '' : ' without JSON'}.`);
  }
  return body;
}

export class QuickBooksClient {
  constructor(
    private readonly host: Host,
    readonly company: CompanyTarget,
    private readonly limiter: RealmRateLimiter = processLimiter,
  ) {}

  private url(path: string, params: Record<string, string>): string {
    const url = new URL(
      `${apiEndpoint(this.host, this.company.environment).url}/v3/company/${encodeURIComponent(this.company.realmId)}/${path}`,
    );
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    url.searchParams.set('minorversion', String(QUICKBOOKS_MINOR_VERSION));
    return url.toString();
  }

  private async call(method: 'GET' | 'POST', path: string, params: Record<string, string>, what: string, body?: unknown) {
    const { http } = apiEndpoint(this.host, this.company.environment);
    const url = this.url(path, params);
    let token = await accessToken(this.host, this.company.realmId);
    for (let attempt = 0; ; attempt++) {
      const done = await this.limiter.take(this.company.realmId);
      let res: OutboundResponse;
      try {
        res = await http.request({
          method,
          url,
          headers: {
            authorization: `Bearer ${token.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          timeoutMs: 30_000,
          // A page of 1,000 vendors or accounts is far past the 64 KB default.
          maxBodyBytes: 8 * 1024 * 1024,
        });
      } catch (err) {
        throw new ConnectorRetryableError(`Could not reach QuickBooks while sending ${what}: ${(err as Error).message}`);
      } finally {
        done();
      }
      if (res.status === 401) {
        if (attempt > 0)
          throw new ConnectorPermanentError(
            'QuickBooks refused a freshly refreshed access token (401). An admin must connect the company again.',
          );
        token = await refreshAccessToken(this.host, this.company.realmId, token.version);
        continue;
      }
      return judgeResponse(res, what);
    }
  }

  /** Creates an entity; the same requestid again returns the first result instead of a second one. */
  create(entity: string, body: Record<string, unknown>, requestId: string, what: string) {
    return this.call('POST', entity.toLowerCase(), { requestid: requestId }, what, body);
  }

  read(entity: string, id: string, what: string) {
    return this.call('GET', `${entity.toLowerCase()}/${encodeURIComponent(id)}`, {}, what);
  }

  /** A query in QuickBooks' SQL-like language; the rows of `entity` (none → []). */
  async query(entity: string, statement: string): Promise<Record<string, unknown>[]> {
    const body = await this.call('GET', 'query', { query: statement }, `a ${entity} query`);
    const rows = (body.QueryResponse as Record<string, unknown> | undefined)?.[entity];
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  }
}

/** A string literal in a QuickBooks query: backslash-escaped quotes. */
export function queryString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

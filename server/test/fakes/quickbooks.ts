import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FaultError,
  createBill,
  createBillPayment,
  createPurchaseOrder,
  runQuery,
  seedCompany,
  type FakeCompany,
  type Row,
} from './quickbooksData.ts';

export { QBO_SEED } from './quickbooksData.ts';

/**
 * A strict stand-in for QuickBooks Online on loopback (the contract in /work/shared/contracts):
 * - `GET /connect/oauth2`: the consent page, which consents at once: back to `redirect_uri` with a
 *   single-use `code`, the `state` and the `realmId` (the client id, scope and redirect URI checked);
 * - `POST /oauth2/v1/tokens/bearer`: Basic client auth; `authorization_code` (single use, same
 *   redirect URI) and `refresh_token` grants; refresh tokens rotate: a used one is `invalid_grant`;
 * - `/v3/company/{realmId}/…`: Bearer tokens of that company only, `minorversion=75` required,
 *   `requestid` idempotency (a repeat answers the first success), PurchaseOrder / Bill / BillPayment
 *   checked like QuickBooks does (a Fault, with HTTP 400 or — as QuickBooks sometimes does — 200),
 *   `GET bill/{id}`, the query endpoint for Vendor / Account / Item / CompanyInfo, and per-realm
 *   limits of 10 a second and 500 a minute (429).
 */

export interface FakeQuickBooksOptions {
  clientId?: string;
  clientSecret?: string;
  /** Companies an admin may consent to; the first unless `consentRealm` says otherwise. */
  companies?: { realmId: string; name: string }[];
  accessTokenTtlSeconds?: number;
  /** HTTP status of validation faults: 400 (the usual) or 200 (what QuickBooks does on some endpoints). */
  faultStatus?: 200 | 400;
  limits?: { perSecond: number; perMinute: number };
  /** Exact redirect URIs registered for the app; any when unset. */
  redirectUris?: string[];
}

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

interface TokenInfo {
  realmId: string;
  expiresAt: number;
}

export interface FakeQuickBooks {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The env the server reads to talk to this fake instead of Intuit. */
  env: Record<'FORMLOOM_QBO_AUTH_URL' | 'FORMLOOM_QBO_TOKEN_URL' | 'FORMLOOM_QBO_API_BASE', string>;
  companies: Map<string, FakeCompany>;
  company(realmId?: string): FakeCompany;
  requests: FakeRequest[];
  /** API calls only (under /v3), for counting what reached "QuickBooks". */
  apiRequests(): FakeRequest[];
  /** The realm the next consent picks. */
  consentRealm: string;
  accessTokenTtlSeconds: number;
  faultStatus: 200 | 400;
  /** Makes every access token issued so far expire now (the next API call gets 401). */
  expireAccessTokens(): void;
  /** The refresh tokens that still work (at most one per realm: the newest). */
  liveRefreshTokens(realmId?: string): string[];
  /** Successful refresh grants and refused ones, for assertions on rotation. */
  stats: { refreshes: number; invalidGrants: number; codeExchanges: number };
  /** Answers the next API calls with these instead (a 429, a 500, a Fault with 200…). */
  failNext(...answers: { status: number; body?: unknown; headers?: Record<string, string> }[]): void;
  close(): Promise<void>;
}

const API_PREFIX = /^\/v3\/company\/([^/]+)\/([a-z]+)(?:\/([^/]+))?$/;

export async function startFakeQuickBooks(options: FakeQuickBooksOptions = {}): Promise<FakeQuickBooks> {
  const clientId = options.clientId ?? 'fake-client-id';
  const clientSecret = options.clientSecret ?? 'fake-client-secret';
  const limits = options.limits ?? { perSecond: 10, perMinute: 500 };
  const companies = new Map<string, FakeCompany>();
  for (const c of options.companies ?? [{ realmId: '9130350000000001', name: 'Kowloon Trading Ltd' }])
    companies.set(c.realmId, seedCompany(c.realmId, c.name));

  const codes = new Map<string, { realmId: string; redirectUri: string; expiresAt: number }>();
  const accessTokens = new Map<string, TokenInfo>();
  const refreshTokens = new Map<string, { realmId: string }>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const sent = new Map<string, number[]>();
  const failures: { status: number; body?: unknown; headers?: Record<string, string> }[] = [];
  const requests: FakeRequest[] = [];
  const token = () => randomBytes(18).toString('base64url');

  const fake: FakeQuickBooks = {
    url: '',
    clientId,
    clientSecret,
    env: { FORMLOOM_QBO_AUTH_URL: '', FORMLOOM_QBO_TOKEN_URL: '', FORMLOOM_QBO_API_BASE: '' },
    companies,
    company: (realmId) => companies.get(realmId ?? fake.consentRealm)!,
    requests,
    apiRequests: () => requests.filter((r) => r.path.startsWith('/v3/')),
    consentRealm: [...companies.keys()][0],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    faultStatus: options.faultStatus ?? 400,
    expireAccessTokens() {
      for (const info of accessTokens.values()) info.expiresAt = 0;
    },
    liveRefreshTokens: (realmId) => [...refreshTokens].filter(([, v]) => !realmId || v.realmId === realmId).map(([k]) => k),
    stats: { refreshes: 0, invalidGrants: 0, codeExchanges: 0 },
    failNext: (...answers) => void failures.push(...answers),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function issueTokens(realmId: string) {
    // Rotation: a realm has one live refresh token, the newest.
    for (const [k, v] of refreshTokens) if (v.realmId === realmId) refreshTokens.delete(k);
    const access = `at-${token()}`;
    const refresh = `rt-${token()}`;
    accessTokens.set(access, { realmId, expiresAt: Date.now() + fake.accessTokenTtlSeconds * 1000 });
    refreshTokens.set(refresh, { realmId });
    return {
      token_type: 'bearer',
      access_token: access,
      refresh_token: refresh,
      expires_in: fake.accessTokenTtlSeconds,
      x_refresh_token_expires_in: 8_726_400,
    };
  }

  function authorize(query: URLSearchParams): { status: number; headers?: Record<string, string>; body?: unknown } {
    const redirectUri = query.get('redirect_uri') ?? '';
    if (query.get('client_id') !== clientId) return { status: 400, body: { error: 'invalid_client' } };
    if (query.get('response_type') !== 'code') return { status: 400, body: { error: 'unsupported_response_type' } };
    if (!(query.get('scope') ?? '').split(' ').includes('com.intuit.quickbooks.accounting'))
      return { status: 400, body: { error: 'invalid_scope' } };
    if (!/^https?:\/\//.test(redirectUri) || (options.redirectUris && !options.redirectUris.includes(redirectUri))) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'redirect_uri is not registered' } };
    }
    const code = `code-${token()}`;
    codes.set(code, { realmId: fake.consentRealm, redirectUri, expiresAt: Date.now() + 5 * 60_000 });
    const to = new URL(redirectUri);
    to.searchParams.set('code', code);
    to.searchParams.set('state', query.get('state') ?? '');
    to.searchParams.set('realmId', fake.consentRealm);
    return { status: 302, headers: { location: to.toString() } };
  }

  function tokenGrant(headers: http.IncomingHttpHeaders, body: string) {
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    if (headers.authorization !== expected) return { status: 401, body: { error: 'invalid_client' } };
    if (!String(headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return { status: 400, body: { error: 'invalid_request' } };
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'authorization_code') {
      const code = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!code || code.expiresAt < Date.now() || code.redirectUri !== form.get('redirect_uri')) {
        fake.stats.invalidGrants++;
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      fake.stats.codeExchanges++;
      return { status: 200, body: issueTokens(code.realmId) };
    }
    if (form.get('grant_type') === 'refresh_token') {
      const live = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!live) {
        fake.stats.invalidGrants++;
        return { status: 400, body: { error: 'invalid_grant' } };
      }
      fake.stats.refreshes++;
      return { status: 200, body: issueTokens(live.realmId) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  function overLimit(realmId: string): boolean {
    const now = Date.now();
    const times = (sent.get(realmId) ?? []).filter((t) => now - t < 60_000);
    sent.set(realmId, times);
    if (times.filter((t) => now - t < 1_000).length >= limits.perSecond || times.length >= limits.perMinute) return true;
    times.push(now);
    return false;
  }

  function api(method: string, path: string, query: URLSearchParams, headers: http.IncomingHttpHeaders, body: string) {
    const m = API_PREFIX.exec(path);
    const company = m ? companies.get(m[1]) : undefined;
    if (!m || !company)
      return { status: 404, body: { Fault: { Error: [{ Message: 'Unknown company or path', code: '610' }], type: 'ValidationFault' } } };
    const auth = /^Bearer (.+)$/.exec(String(headers.authorization ?? ''));
    const info = auth ? accessTokens.get(auth[1]) : undefined;
    if (!info || info.realmId !== company.realmId || info.expiresAt <= Date.now()) {
      return {
        status: 401,
        body: {
          fault: {
            error: [
              {
                message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
                detail: 'Token expired or invalid',
                code: '3200',
              },
            ],
            type: 'AUTHENTICATION',
          },
        },
      };
    }
    if (overLimit(company.realmId)) {
      return {
        status: 429,
        body: {
          Fault: {
            Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }],
            type: 'ThrottlingFault',
          },
        },
      };
    }
    const injected = failures.shift();
    if (injected) return injected;
    if (query.get('minorversion') !== '75') {
      return {
        status: 400,
        body: new FaultError(
          'ValidationFault',
          '2010',
          'Request has invalid or unsupported property',
          'minorversion=75 is required by this fake',
        ).body(),
      };
    }
    const [, , entity, id] = m;
    try {
      if (method === 'GET' && entity === 'query') return { status: 200, body: runQuery(company, query.get('query') ?? '') };
      if (method === 'GET' && entity === 'bill' && id) {
        const bill = company.created.Bill.find((b) => b.Id === id);
        if (!bill)
          throw new FaultError(
            'ValidationFault',
            '610',
            'Object Not Found',
            `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
          );
        return { status: 200, body: { Bill: bill, time: new Date().toISOString() } };
      }
      const creators: Record<string, [string, (c: FakeCompany, b: Row) => Row]> = {
        purchaseorder: ['PurchaseOrder', createPurchaseOrder],
        bill: ['Bill', createBill],
        billpayment: ['BillPayment', createBillPayment],
      };
      const creator = creators[entity];
      if (method !== 'POST' || !creator || id)
        return {
          status: 405,
          body: { Fault: { Error: [{ Message: `${method} ${entity} is not supported`, code: '405' }], type: 'ValidationFault' } },
        };
      const requestId = query.get('requestid');
      const key = requestId ? `${company.realmId}:${entity}:${requestId}` : null;
      const repeat = key ? idempotent.get(key) : undefined;
      if (repeat) return repeat;
      let parsed: Row;
      try {
        parsed = JSON.parse(body) as Row;
      } catch {
        throw new FaultError('ValidationFault', '2310', 'Invalid JSON', 'The request body is not JSON');
      }
      const [name, create] = creator;
      const answer = { status: 200, body: { [name]: create(company, parsed), time: new Date().toISOString() } };
      // Only successes are remembered, so a request fixed after a Fault can go through.
      if (key) idempotent.set(key, answer);
      return answer;
    } catch (err) {
      if (err instanceof FaultError) return { status: err.type === 'ValidationFault' ? fake.faultStatus : 500, body: err.body() };
      throw err;
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks).toString('utf8');
      let answer: { status: number; headers?: Record<string, string>; body?: unknown };
      if (req.method === 'GET' && url.pathname === '/connect/oauth2') answer = authorize(url.searchParams);
      else if (req.method === 'POST' && url.pathname === '/oauth2/v1/tokens/bearer') answer = tokenGrant(req.headers, body);
      else if (url.pathname.startsWith('/v3/')) answer = api(req.method ?? 'GET', url.pathname, url.searchParams, req.headers, body);
      else answer = { status: 404, body: { error: 'not_found' } };
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        status: answer.status,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.env = {
    FORMLOOM_QBO_AUTH_URL: `${fake.url}/connect/oauth2`,
    FORMLOOM_QBO_TOKEN_URL: `${fake.url}/oauth2/v1/tokens/bearer`,
    FORMLOOM_QBO_API_BASE: fake.url,
  };
  return fake;
}

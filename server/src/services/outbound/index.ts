/**
 * Every HTTP request Formloom makes to a URL someone typed (webhooks, Zapier targets, connectors)
 * goes through here: a time limit, a capped response body, redirects followed by hand, and the
 * address guard (guard.ts) applied after DNS resolution and again on every redirect.
 *
 * CONTRACT (other modules rely on exactly this): `createOutboundHttp(options).request(req)` resolves
 * with the response whatever its status, and rejects only with `OutboundError` (refused address,
 * bad URL, timeout, network failure, too many redirects).
 */
import { OutboundError } from './errors.ts';
import { AllowList, parseOutboundUrl, systemResolver, vetUrl, type GuardOptions, type Resolver } from './guard.ts';
import { sendHop } from './transport.ts';

export type OutboundMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OutboundRequest {
  method: OutboundMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole exchange, headers to the last body byte. Default 15 s (Standard Webhooks' success window). */
  timeoutMs?: number;
  /** Default 3; each hop is checked by the guard before it is followed. */
  maxRedirects?: number;
  /** Bytes of response body kept. Default 64 KB; past that the connection is closed. */
  maxBodyBytes?: number;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  durationMs: number;
  /** After redirects. */
  finalUrl: string;
}

export { OutboundError, type OutboundErrorCode } from './errors.ts';

export interface OutboundOptions {
  /**
   * Host names or host:port pairs (or IPs) an admin allowed even though they resolve to a private
   * address (FORMLOOM_WEBHOOK_ALLOW_HOSTS, comma-separated). Tests allow their loopback receivers.
   */
  allowHosts?: readonly string[];
  /** Off only for origins fixed by the operator's own configuration (never for user-typed URLs). */
  guard?: boolean;
  /** How host names are resolved (all addresses); tests make a public name answer with a private IP. */
  resolve?: Resolver;
}

export interface OutboundHttp {
  request(req: OutboundRequest): Promise<OutboundResponse>;
  /** The guard alone, for checking a URL when it is saved: rejects with OutboundError. */
  check(url: string): Promise<void>;
}

export function allowHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.FORMLOOM_WEBHOOK_ALLOW_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry credentials for one origin only (fetch drops them on a cross-origin redirect too). */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export function createOutboundHttp(options: OutboundOptions = {}): OutboundHttp {
  const guard: GuardOptions = {
    allowList: new AllowList(options.allowHosts ?? []),
    resolve: options.resolve ?? systemResolver,
    enforce: options.guard !== false,
  };

  async function check(raw: string): Promise<void> {
    const url = parseOutboundUrl(raw);
    try {
      await vetUrl(url, guard);
    } catch (err) {
      // A name that does not resolve today may tomorrow; every request checks again anyway.
      if (!(err instanceof OutboundError && err.code === 'network_error')) throw err;
    }
  }

  async function request(req: OutboundRequest): Promise<OutboundResponse> {
    const started = Date.now();
    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxRedirects = req.maxRedirects ?? 3;
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    const timedOut = () => new OutboundError('timeout', `The receiver did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    let url = parseOutboundUrl(req.url);
    let method: string = req.method;
    let body = req.body;
    let headers: Record<string, string> = lowerCaseKeys(req.headers ?? {});
    try {
      for (let hop = 0; ; hop++) {
        const addresses = await Promise.race([vetUrl(url, guard), aborted(timer.signal, timedOut)]);
        const res = await sendHop({
          method,
          url,
          headers,
          body,
          addresses,
          maxBodyBytes: req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
          signal: timer.signal,
        });
        const location = res.headers.location;
        if (!REDIRECT_STATUSES.has(res.status) || !location) {
          return { status: res.status, headers: res.headers, body: res.body, durationMs: Date.now() - started, finalUrl: url.toString() };
        }
        if (hop >= maxRedirects) throw new OutboundError('too_many_redirects', `The receiver redirected more than ${maxRedirects} times.`);
        const next = parseOutboundUrl(new URL(location, url).toString());
        if (res.status === 303 && method !== 'GET') {
          method = 'GET';
          body = undefined;
          headers = withoutKeys(headers, ['content-type']);
        }
        if (next.origin !== url.origin) headers = withoutKeys(headers, ORIGIN_BOUND_HEADERS);
        url = next;
      }
    } catch (err) {
      if (err instanceof OutboundError) throw err;
      if (timer.signal.aborted) throw timedOut();
      throw new OutboundError('network_error', `The request failed: ${(err as Error).message}`);
    } finally {
      clearTimeout(timeout);
    }
  }

  return { request, check };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function withoutKeys(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k)));
}

/** Rejects once the signal aborts (so a slow DNS answer counts against the same time limit). */
function aborted(signal: AbortSignal, error: () => OutboundError): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(error());
    signal.addEventListener('abort', () => reject(error()), { once: true });
  });
}

/**
 * Every HTTP request Formloom makes to a URL someone typed (webhooks, Zapier targets, connectors)
 * goes through here: a time limit, a capped response body, redirects followed by hand, and the
 * address guard (guard.ts) applied after DNS resolution and again on every redirect.
 *
 * CONTRACT (other modules rely on exactly this): `createOutboundHttp(options).request(req)` resolves
 * with the response whatever its status, and rejects only with `OutboundError` (refused address,
 * bad URL, timeout, network failure, too many redirects).
 */
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
  /** Bytes of response body kept. Default 64 KB; the rest is read and dropped. */
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

export type OutboundErrorCode = 'invalid_url' | 'address_not_allowed' | 'timeout' | 'network_error' | 'too_many_redirects';

export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  /**
   * Host names or host:port pairs (or IPs) an admin allowed even though they resolve to a private
   * address (FORMLOOM_WEBHOOK_ALLOW_HOSTS, comma-separated). Tests allow their loopback receivers.
   */
  allowHosts?: readonly string[];
  /** Off only for origins fixed by the operator's own configuration (never for user-typed URLs). */
  guard?: boolean;
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

/**
 * PLACEHOLDER implementation (no address guard yet): the safe-outbound helper replaces the body of
 * this module, keeping the exports above.
 */
export function createOutboundHttp(_options: OutboundOptions = {}): OutboundHttp {
  async function request(req: OutboundRequest): Promise<OutboundResponse> {
    const started = Date.now();
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OutboundError('invalid_url', `${req.url} is not a URL.`);
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError';
      throw new OutboundError(
        timeout ? 'timeout' : 'network_error',
        timeout ? 'The receiver did not answer in time.' : String((err as Error).message),
      );
    }
    const body = (await response.text()).slice(0, req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const headers: Record<string, string> = {};
    response.headers.forEach((v, k) => (headers[k] = v));
    return { status: response.status, headers, body, durationMs: Date.now() - started, finalUrl: url.toString() };
  }
  return { request, check: async () => undefined };
}

import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { OutboundError } from './errors.ts';
import type { ResolvedAddress } from './guard.ts';

/** One request/response exchange, no redirects followed. */
export interface Hop {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** The addresses the guard vetted: the socket connects to these whatever DNS says now. */
  addresses: ResolvedAddress[];
  maxBodyBytes: number;
  signal: AbortSignal;
}

export interface HopResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A `lookup` that answers every query with the vetted addresses (all of them, or the first). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all)
      callback(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  }) as LookupFunction;
}

function flatHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Sends one request over a fresh connection (no pooled socket could have been opened to another
 * address) and keeps at most `maxBodyBytes` of the answer; past that the connection is closed.
 */
export function sendHop(hop: Hop): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    const client = hop.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...hop.headers };
    if (hop.body !== undefined) headers['content-length'] = String(Buffer.byteLength(hop.body));
    let settled = false;
    const fail = (err: OutboundError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const req = client.request(
      hop.url,
      { method: hop.method, headers, agent: false, lookup: pinnedLookup(hop.addresses), signal: hop.signal },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const finish = () => {
          if (settled) return;
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') });
        };
        res.on('data', (chunk: Buffer) => {
          const room = hop.maxBodyBytes - kept;
          if (room > 0) {
            chunks.push(chunk.subarray(0, room));
            kept += Math.min(room, chunk.length);
          }
          if (kept >= hop.maxBodyBytes) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', (err) => fail(networkError(err, hop.signal)));
        res.on('close', () => (res.complete ? finish() : fail(networkError(new Error('the connection closed mid-response'), hop.signal))));
      },
    );
    req.on('error', (err) => fail(networkError(err, hop.signal)));
    req.end(hop.body);
  });
}

function networkError(err: Error, signal: AbortSignal): OutboundError {
  if (signal.aborted) return new OutboundError('timeout', 'The receiver did not answer in time.');
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'The receiver refused the connection (nothing listens there).',
    ECONNRESET: 'The receiver closed the connection.',
    EHOSTUNREACH: 'The receiver cannot be reached.',
    ENETUNREACH: 'The receiver cannot be reached.',
  };
  return new OutboundError('network_error', (code && words[code]) ?? `The request failed: ${err.message}`);
}

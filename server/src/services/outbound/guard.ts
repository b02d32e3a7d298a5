import dns from 'node:dns';
import net from 'node:net';
import { OutboundError } from './errors.ts';

/**
 * The address guard: a URL someone typed may only reach the public internet. The host is resolved
 * (every address it has) and each address is classified; one address in a refused range refuses the
 * URL, so a name that answers with a public and a private address cannot slip through. The vetted
 * address is what the request then connects to (transport.ts), so a second DNS answer cannot swap it.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name, as the system resolver gives them. Tests inject their own. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

interface Range {
  reason: string;
  v4?: [string, number][];
  v6?: [string, number][];
}

/** The ranges a user-typed URL may not reach, each with the words people read in the refusal. */
const REFUSED_RANGES: Range[] = [
  { reason: 'a cloud metadata address', v4: [['169.254.169.254', 32]], v6: [['fd00:ec2::254', 128]] },
  { reason: 'a loopback address (this server)', v4: [['127.0.0.0', 8]], v6: [['::1', 128]] },
  { reason: 'an unspecified address', v4: [['0.0.0.0', 8]], v6: [['::', 128]] },
  {
    reason: 'a private network address',
    v4: [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
    v6: [['fc00::', 7]],
  },
  { reason: 'a carrier-grade NAT address', v4: [['100.64.0.0', 10]] },
  { reason: 'a link-local address', v4: [['169.254.0.0', 16]], v6: [['fe80::', 10]] },
  { reason: 'a multicast address', v4: [['224.0.0.0', 4]], v6: [['ff00::', 8]] },
  // 240/4 holds 255.255.255.255 (broadcast); none of it is routable on the internet.
  { reason: 'a reserved or broadcast address', v4: [['240.0.0.0', 4]] },
  {
    reason: 'a reserved address',
    v4: [
      ['192.0.0.0', 24],
      ['198.18.0.0', 15],
    ],
    // IPv4-compatible (deprecated) and discard-only prefixes.
    v6: [
      ['::', 96],
      ['100::', 64],
    ],
  },
];

const LISTS = REFUSED_RANGES.map((range) => {
  const list = new net.BlockList();
  for (const [net4, bits] of range.v4 ?? []) list.addSubnet(net4, bits, 'ipv4');
  for (const [net6, bits] of range.v6 ?? []) list.addSubnet(net6, bits, 'ipv6');
  return { reason: range.reason, list };
});

/** Host names that reach a cloud's metadata service whatever they resolve to. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail or a zone id), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const bytes = dotted[1]!.split('.').map(Number);
    text =
      text.slice(0, -dotted[1]!.length) + `${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<number>(Math.max(fill, 0)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The IPv4 address an IPv6 address carries and would reach: IPv4-mapped (::ffff:a.b.c.d), NAT64
 * (64:ff9b::/96) and 6to4 (2002::/16) all end at that IPv4 host, so they are judged as it is.
 */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  return null;
}

/** Why an IP address may not be reached, or null for a public address. */
export function refusedReason(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return refusedReason(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const bare = address.split('%')[0]!;
  return LISTS.find(({ list }) => list.check(bare, type))?.reason ?? null;
}

/** A URL's host as the allow list and the resolver see it: lower case, no brackets, no trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Parses a URL someone typed and insists on http or https. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(
      'invalid_url',
      `"${raw.slice(0, 200)}" is not a URL; write it in full, e.g. https://example.com/hooks/formloom.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundError('invalid_url', `Only http:// and https:// URLs can receive webhooks, not ${url.protocol}//.`);
  if (url.username || url.password)
    throw new OutboundError('invalid_url', 'Put credentials in a header (e.g. Authorization), not in the URL.');
  if (!hostOf(url)) throw new OutboundError('invalid_url', `${raw.slice(0, 200)} has no host.`);
  return url;
}

/** An allow list, normalized: entries are host names, IPs, host:port or [v6]:port, any case. */
export class AllowList {
  private readonly entries: Set<string>;

  constructor(hosts: readonly string[]) {
    this.entries = new Set(hosts.map((h) => h.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean));
  }

  /** A host name, an IP literal or an address a name resolved to is listed, alone or with this port. */
  allows(hostOrIp: string, port: number): boolean {
    if (this.entries.size === 0) return false;
    const withPort = net.isIPv6(hostOrIp) ? `[${hostOrIp}]:${port}` : `${hostOrIp}:${port}`;
    return this.entries.has(hostOrIp) || this.entries.has(withPort) || (net.isIPv6(hostOrIp) && this.entries.has(`[${hostOrIp}]`));
  }
}

export interface GuardOptions {
  allowList: AllowList;
  resolve: Resolver;
  /** False only for operator-configured origins: resolve, but do not judge the addresses. */
  enforce: boolean;
}

/**
 * Resolves a URL's host and returns the addresses it may connect to (all of them judged; the socket
 * tries them in order, IPv6 and IPv4 alike), or throws OutboundError
 * `address_not_allowed` (a refused range, a metadata name) or `network_error` (the name does not resolve).
 */
export async function vetUrl(url: URL, options: GuardOptions): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  const port = portOf(url);
  const hostAllowed = !options.enforce || options.allowList.allows(host, port);
  if (!hostAllowed && METADATA_HOSTS.has(host))
    throw new OutboundError('address_not_allowed', `${host} is a cloud metadata service; webhooks may not reach it.`);

  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await options.resolve(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new OutboundError('network_error', `The host ${host} could not be found${code ? ` (${code})` : ''}.`);
    }
    if (addresses.length === 0) throw new OutboundError('network_error', `The host ${host} has no address.`);
  }
  if (hostAllowed) return addresses;

  for (const { address } of addresses) {
    const reason = refusedReason(address);
    if (reason && !options.allowList.allows(address, port)) {
      const where = literal ? `${host} is ${reason}` : `${host} resolves to ${address}, ${reason}`;
      throw new OutboundError(
        'address_not_allowed',
        `${where}; webhooks may only reach public addresses. An administrator can allow this host with FORMLOOM_WEBHOOK_ALLOW_HOSTS.`,
      );
    }
  }
  return addresses;
}

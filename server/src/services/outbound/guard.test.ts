import { describe, expect, it } from 'vitest';
import { OutboundError } from './errors.ts';
import { AllowList, embeddedIpv4, parseOutboundUrl, refusedReason, vetUrl, type Resolver } from './guard.ts';

const noDns: Resolver = async (host) => {
  throw Object.assign(new Error(`no DNS for ${host}`), { code: 'ENOTFOUND' });
};
const enforce = (allowHosts: string[] = [], resolve: Resolver = noDns) => ({
  allowList: new AllowList(allowHosts),
  resolve,
  enforce: true,
});

async function refusal(raw: string, options = enforce()): Promise<OutboundError> {
  try {
    await vetUrl(parseOutboundUrl(raw), options);
  } catch (err) {
    expect(err).toBeInstanceOf(OutboundError);
    return err as OutboundError;
  }
  throw new Error(`${raw} was not refused`);
}

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.10.10', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is refused as %s', (address, words) => {
    expect(refusedReason(address)).toContain(words);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '2002:0808:0808::1'])(
    '%s is public',
    (address) => {
      expect(refusedReason(address)).toBeNull();
    },
  );

  it('reads the IPv4 host an IPv6 address carries', () => {
    expect(embeddedIpv4('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(embeddedIpv4('::ffff:0a01:0203')).toBe('10.1.2.3');
    expect(embeddedIpv4('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('2606:4700::1111')).toBeNull();
  });
});

describe('vetUrl', () => {
  it.each([
    'http://127.0.0.1/',
    'http://[::1]:8080/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://METADATA.google.internal./',
  ])('refuses %s', async (raw) => {
    expect((await refusal(raw)).code).toBe('address_not_allowed');
  });

  it('refuses a public-looking name that resolves to a private address, or to a mix', async () => {
    const resolve: Resolver = async (host) =>
      host === 'inside.example.com'
        ? [{ address: '10.1.2.3', family: 4 }]
        : [
            { address: '93.184.215.14', family: 4 },
            { address: '192.168.0.10', family: 4 },
          ];
    const inside = await refusal('https://inside.example.com/hook', enforce([], resolve));
    expect(inside.code).toBe('address_not_allowed');
    expect(inside.message).toContain('inside.example.com resolves to 10.1.2.3, a private network address');
    expect(inside.message).toContain('FORMLOOM_WEBHOOK_ALLOW_HOSTS');
    expect((await refusal('https://mixed.example.com/hook', enforce([], resolve))).code).toBe('address_not_allowed');
  });

  it('lets a listed host, host:port or IP through, and nothing else on that address', async () => {
    const resolve: Resolver = async () => [{ address: '10.0.0.7', family: 4 }];
    const vet = (raw: string, allow: string[]) => vetUrl(parseOutboundUrl(raw), enforce(allow, resolve));
    await expect(vet('http://erp.internal:8080/in', ['erp.internal'])).resolves.toEqual([{ address: '10.0.0.7', family: 4 }]);
    await expect(vet('http://erp.internal:8080/in', ['ERP.internal:8080'])).resolves.toMatchObject([{ address: '10.0.0.7' }]);
    await expect(vet('http://erp.internal:9090/in', ['erp.internal:8080'])).rejects.toMatchObject({ code: 'address_not_allowed' });
    await expect(vet('http://erp.internal/in', ['10.0.0.7'])).resolves.toMatchObject([{ address: '10.0.0.7' }]);
    await expect(vet('http://127.0.0.1:4000/', ['127.0.0.1'])).resolves.toMatchObject([{ address: '127.0.0.1' }]);
    await expect(vet('http://[::1]:4000/', ['[::1]:4000'])).resolves.toMatchObject([{ address: '::1' }]);
    await expect(vet('http://other.internal/in', ['erp.internal'])).rejects.toMatchObject({ code: 'address_not_allowed' });
  });

  it('answers a name that does not resolve with network_error, and bad URLs with invalid_url', async () => {
    expect((await refusal('https://nowhere.invalid/')).code).toBe('network_error');
    for (const raw of ['not a url', 'ftp://example.com/x', 'file:///etc/passwd', 'gopher://127.0.0.1/', 'https://user:pw@example.com/'])
      expect((await refusal(raw)).code).toBe('invalid_url');
  });
});

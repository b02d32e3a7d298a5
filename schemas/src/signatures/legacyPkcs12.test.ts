import { execFileSync } from 'node:child_process';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256, toArrayBuffer } from './bytes.ts';
import { signDigest } from './cms.ts';
import { SigningError } from './errors.ts';
import { readPkcs12 } from './pkcs12.ts';

// PKCS#12 files encrypted the older way (3DES / RC2 bags, SHA-1 MAC): what OpenSSL -legacy, Windows
// "TripleDES-SHA1" and older Hongkong Post e-Certs export. WebCrypto cannot decrypt them; node-forge does.

const PASSWORD = 'e-Cert 密碼 1';

function selfSigned(commonName: string) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0a1b2c3d';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(key, forge.md.sha256.create());
  return { key, cert };
}

function forgeP12(password: string, opts: { useMac?: boolean; withCa?: boolean } = {}) {
  const signer = selfSigned('Chan Tai Man');
  const certs = [signer.cert, ...(opts.withCa ? [selfSigned('Test Root').cert] : [])];
  const asn1 = forge.pkcs12.toPkcs12Asn1(signer.key, certs, password, { algorithm: '3des', useMac: opts.useMac ?? true });
  return { bytes: Uint8Array.from(forge.asn1.toDer(asn1).getBytes(), (c) => c.charCodeAt(0)), signer };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'opened';
  } catch (e) {
    if (e instanceof SigningError) return e.code;
    throw e;
  }
}

/** The CMS signature over `digest` checks out against the file's certificate (node's own crypto, not ours). */
async function signsVerifiably(identity: Awaited<ReturnType<typeof readPkcs12>>) {
  const digest = await sha256(new TextEncoder().encode('canonical content'));
  const cms = await signDigest(identity, digest, new Date());
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(toArrayBuffer(cms)).content });
  const signerInfo = signed.signerInfos[0];
  const attrs = signerInfo.signedAttrs!.toSchema();
  // Signed attributes are signed as a SET (tag 0x31), not as their [0] IMPLICIT form.
  const der = new Uint8Array(attrs.toBER(false));
  der[0] = 0x31;
  const pem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(identity.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`;
  const verify = createVerify(identity.privateKey.algorithm.name === 'ECDSA' ? 'sha256' : 'RSA-SHA256');
  verify.update(der);
  return verify.verify(pem, Buffer.from(signerInfo.signature.valueBlock.valueHexView));
}

describe('readPkcs12 with legacy (3DES / RC2) encryption', () => {
  it('opens a 3DES file written by node-forge, key non-extractable, and signs with it', async () => {
    const { bytes } = forgeP12(PASSWORD, { withCa: true });
    const identity = await readPkcs12(bytes, PASSWORD);
    expect(identity.subject.commonName).toBe('Chan Tai Man');
    expect(identity.chain).toHaveLength(1);
    expect(identity.privateKey.extractable).toBe(false);
    expect(identity.privateKey.usages).toEqual(['sign']);
    expect(await signsVerifiably(identity)).toBe(true);
  });

  it('says wrong_password for a wrong password, with and without a MAC', async () => {
    expect(await codeOf(readPkcs12(forgeP12(PASSWORD).bytes, 'not it'))).toBe('wrong_password');
    const noMac = forgeP12(PASSWORD, { useMac: false }).bytes;
    expect(await codeOf(readPkcs12(noMac, 'not it'))).toBe('wrong_password');
    expect((await readPkcs12(noMac, PASSWORD)).subject.commonName).toBe('Chan Tai Man');
  });

  it('still says unsupported_format for something that is not PKCS#12', async () => {
    expect(await codeOf(readPkcs12(new TextEncoder().encode('not a certificate file'), PASSWORD))).toBe('unsupported_format');
  });

  let openssl = false;
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    openssl = true;
  } catch {
    openssl = false;
  }
  const dir = mkdtempSync(join(tmpdir(), 'legacy-p12-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `openssl pkcs12 -export -legacy` (RC2-40 certificates, 3DES key, SHA-1 MAC) of a fresh key and certificate. */
  function opensslLegacy(name: string, newkey: string[]): Uint8Array {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.crt`);
    const out = join(dir, `${name}.p12`);
    execFileSync('openssl', ['req', '-x509', ...newkey, '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${name}`], {
      stdio: 'ignore',
    });
    execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', key, '-in', cert, '-out', out, '-passout', `pass:${PASSWORD}`], {
      stdio: 'ignore',
    });
    return new Uint8Array(readFileSync(out));
  }

  it.skipIf(!openssl)('opens an RSA file from openssl pkcs12 -export -legacy, and refuses a wrong password', async () => {
    const bytes = opensslLegacy('Wong Siu Ming', ['-newkey', 'rsa:2048']);
    const identity = await readPkcs12(bytes, PASSWORD);
    expect(identity.subject.commonName).toBe('Wong Siu Ming');
    expect(await signsVerifiably(identity)).toBe(true);
    expect(await codeOf(readPkcs12(bytes, `${PASSWORD}x`))).toBe('wrong_password');
  });

  it.skipIf(!openssl)('opens an ECDSA P-256 file from openssl pkcs12 -export -legacy (forge cannot parse the key itself)', async () => {
    const bytes = opensslLegacy('Lee Ka Yan', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
    const identity = await readPkcs12(bytes, PASSWORD);
    expect(identity.subject.commonName).toBe('Lee Ka Yan');
    expect(identity.privateKey.algorithm.name).toBe('ECDSA');
    expect(await signsVerifiably(identity)).toBe(true);
  });
});

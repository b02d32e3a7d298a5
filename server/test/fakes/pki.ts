import * as asn1js from 'asn1js';
import forge from 'node-forge';
import * as pkijs from 'pkijs';
import { randomBytes } from 'node:crypto';

/**
 * A throwaway public-key infrastructure for the e-signature tests (server and e2e): a root CA with an
 * intermediate that issues signers' certificates (the Hongkong Post e-Cert shape), a second unrelated root,
 * signers' PKCS#12 files for each outcome, and a CRL from the intermediate revoking one of them.
 * Generated fresh each time; nothing here is a real key.
 */
export interface TestCa {
  name: string;
  certPem: string;
  certDer: Uint8Array;
}

export interface TestSigner {
  /** The PKCS#12 file (.p12), encrypted with `TestPki.password` (PBES2 AES-256, SHA-1 MAC). */
  p12: Uint8Array;
  commonName: string;
  email: string;
  certPem: string;
  serialNumber: string;
}

export interface TestPki {
  password: string;
  root: TestCa;
  intermediate: TestCa;
  /** Another root nobody uploads: `signers.wrongCa` chains to it. */
  otherRoot: TestCa;
  /** The intermediate's CRL, revoking `signers.revoked`. */
  crlPem: string;
  crlDer: Uint8Array;
  signers: {
    valid: TestSigner;
    /** A second valid person (for two-approver flows). */
    second: TestSigner;
    expired: TestSigner;
    notYetValid: TestSigner;
    wrongCa: TestSigner;
    revoked: TestSigner;
    noKeyUsage: TestSigner;
  };
}

const DAY = 24 * 3600 * 1000;

interface Issued {
  cert: forge.pki.Certificate;
  keys: forge.pki.rsa.KeyPair;
}

function serial(): string {
  // Positive: the first byte below 0x80.
  return `1${randomBytes(15).toString('hex').slice(1)}`;
}

function keyPair(): forge.pki.rsa.KeyPair {
  return forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

function der(cert: forge.pki.Certificate): Uint8Array {
  return new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
}

function makeCa(name: string, issuer: Issued | null): Issued {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 30 * DAY);
  cert.validity.notAfter = new Date(Date.now() + 3650 * DAY);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'Formloom Test PKI' },
    { name: 'countryName', value: 'HK' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(issuer ? issuer.keys.privateKey : keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

function makeSigner(
  issuer: Issued,
  chain: Issued[],
  commonName: string,
  password: string,
  options: { notBefore?: Date; notAfter?: Date; keyUsage?: boolean } = {},
): TestSigner & { issued: Issued } {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * DAY);
  const email = `${commonName.toLowerCase().replace(/[^a-z]+/g, '.')}@example.hk`;
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'emailAddress', value: email },
    { name: 'organizationName', value: 'Formloom Test Ltd' },
    { name: 'countryName', value: 'HK' },
  ]);
  cert.setIssuer(issuer.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    options.keyUsage === false
      ? { name: 'keyUsage', keyEncipherment: true, dataEncipherment: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectAltName', altNames: [{ type: 1, value: email }] },
  ]);
  cert.sign(issuer.keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert, ...chain.map((c) => c.cert)], password, {
    algorithm: 'aes256',
    friendlyName: commonName,
  });
  const p12 = new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
  return { p12, commonName, email, certPem: forge.pki.certificateToPem(cert), serialNumber: cert.serialNumber, issued: { cert, keys } };
}

function ca(name: string, issued: Issued): TestCa {
  return { name, certPem: forge.pki.certificateToPem(issued.cert), certDer: der(issued.cert) };
}

async function webCryptoKey(keys: forge.pki.rsa.KeyPair): Promise<CryptoKey> {
  const pkcs8 = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))).getBytes();
  return globalThis.crypto.subtle.importKey('pkcs8', Buffer.from(pkcs8, 'binary'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'sign',
  ]);
}

/** A CRL (v2) issued and signed by `issuer`, revoking the given serial numbers (hex) an hour ago. */
export async function makeCrl(issuer: { cert: forge.pki.Certificate; keys: forge.pki.rsa.KeyPair }, revokedSerials: string[]) {
  const issuerCert = pkijs.Certificate.fromBER(der(issuer.cert).slice().buffer);
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = issuerCert.subject;
  crl.thisUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() - 3600 * 1000) });
  crl.nextUpdate = new pkijs.Time({ type: 0, value: new Date(Date.now() + 7 * DAY) });
  crl.revokedCertificates = revokedSerials.map(
    (hex) =>
      new pkijs.RevokedCertificate({
        userCertificate: new asn1js.Integer({ valueHex: Uint8Array.from(Buffer.from(hex, 'hex')).buffer }),
        revocationDate: new pkijs.Time({ type: 0, value: new Date(Date.now() - 3600 * 1000) }),
      }),
  );
  await crl.sign(await webCryptoKey(issuer.keys), 'SHA-256');
  const crlDer = new Uint8Array(crl.toSchema(true).toBER(false));
  const b64 = Buffer.from(crlDer)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n');
  return { crlDer, crlPem: `-----BEGIN X509 CRL-----\n${b64}\n-----END X509 CRL-----\n` };
}

export async function makeTestPki(password = 'correct horse 123'): Promise<TestPki> {
  const root = makeCa('Formloom Test Root CA', null);
  const intermediate = makeCa('Formloom Test e-Cert CA', root);
  const otherRoot = makeCa('Unrelated Root CA', null);
  const chain = [intermediate, root];
  const valid = makeSigner(intermediate, chain, 'Chan Tai Man', password);
  const second = makeSigner(intermediate, chain, 'Wong Siu Ming', password);
  const expired = makeSigner(intermediate, chain, 'Expired Signer', password, {
    notBefore: new Date(Date.now() - 730 * DAY),
    notAfter: new Date(Date.now() - 365 * DAY),
  });
  const notYetValid = makeSigner(intermediate, chain, 'Future Signer', password, {
    notBefore: new Date(Date.now() + 365 * DAY),
    notAfter: new Date(Date.now() + 730 * DAY),
  });
  const wrongCa = makeSigner(otherRoot, [otherRoot], 'Stranger Signer', password);
  const revoked = makeSigner(intermediate, chain, 'Revoked Signer', password);
  const noKeyUsage = makeSigner(intermediate, chain, 'Encrypt Only', password, { keyUsage: false });
  const { crlDer, crlPem } = await makeCrl(intermediate, [revoked.serialNumber]);
  const strip = ({ issued: _issued, ...signer }: TestSigner & { issued: Issued }): TestSigner => signer;
  return {
    password,
    root: ca('Formloom Test Root CA', root),
    intermediate: ca('Formloom Test e-Cert CA', intermediate),
    otherRoot: ca('Unrelated Root CA', otherRoot),
    crlPem,
    crlDer,
    signers: {
      valid: strip(valid),
      second: strip(second),
      expired: strip(expired),
      notYetValid: strip(notYetValid),
      wrongCa: strip(wrongCa),
      revoked: strip(revoked),
      noKeyUsage: strip(noKeyUsage),
    },
  };
}

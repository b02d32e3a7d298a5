/**
 * Checks a detached CMS signature (a PAdES /Contents) the way a PDF reader does: the signature over the
 * signed attributes with the signer's key, messageDigest against the PDF's byte-range digest, the ESS
 * signing-certificate-v2 binding, a chain to a trust root the admin uploaded (each link's signature
 * checked), validity at the signing time, key usage, and revocation in the CRL uploaded for an issuer.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, summarizeCertificate, toArrayBuffer, toHex } from '@formloom/schemas/signatures';
import type { SignerInfo } from '@formloom/schemas';

export interface TrustAnchor {
  id: string;
  cert: pkijs.Certificate;
  der: Uint8Array;
  fingerprint: string;
  crl: pkijs.CertificateRevocationList | null;
}

/** Problems, most serious first: the first is the refusal code when completing a signature. */
export const PROBLEM_ORDER = [
  'signature_invalid',
  'certificate_untrusted',
  'certificate_expired',
  'certificate_not_yet_valid',
  'certificate_revoked',
  'certificate_key_usage',
  'crl_stale',
] as const;
export type SignatureProblem = (typeof PROBLEM_ORDER)[number];

export interface CmsCheck {
  signer: SignerInfo | null;
  signerCertificate: Uint8Array | null;
  signedAt: Date | null;
  /** The signature verifies and covers exactly these bytes. */
  intact: boolean;
  trusted: boolean;
  revoked: boolean;
  problems: SignatureProblem[];
}

const HASHES: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const engine = () => pkijs.getCrypto(true) as pkijs.CryptoEngine;
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const derOf = (cert: pkijs.Certificate) => new Uint8Array(cert.toSchema(true).toBER(false));
const sameName = (a: pkijs.RelativeDistinguishedNames, b: pkijs.RelativeDistinguishedNames) => a.isEqual(b);

function attributeValue(info: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return info.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
}

export async function toSignerInfo(der: Uint8Array): Promise<SignerInfo> {
  const s = await summarizeCertificate(der);
  return {
    commonName: s.subject.commonName,
    email: s.subject.email ?? null,
    organization: s.subject.organization ?? null,
    serialNumber: s.serialNumber,
    issuerCommonName: s.issuerCommonName,
    notBefore: s.notBefore.toISOString(),
    notAfter: s.notAfter.toISOString(),
    fingerprintSha256: s.fingerprintSha256,
  };
}

/** keyUsage bits 0 (digitalSignature) or 1 (nonRepudiation); no extension means any use. */
function keyUsageAllowsSigning(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID.keyUsage);
  if (!ext) return true;
  const bits = ext.parsedValue as asn1js.BitString | undefined;
  const first = bits?.valueBlock.valueHexView[0] ?? 0;
  return (first & 0x80) !== 0 || (first & 0x40) !== 0;
}

function isCa(cert: pkijs.Certificate): boolean {
  const ext = cert.extensions?.find((e) => e.extnID === OID.basicConstraints);
  return Boolean((ext?.parsedValue as pkijs.BasicConstraints | undefined)?.cA);
}

async function signedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  if (!sameName(cert.issuer, issuer.subject)) return false;
  try {
    return await cert.verify(issuer);
  } catch {
    return false;
  }
}

/** The chain from `end` up to a trust anchor, each link's signature checked; null when none is reached. */
async function buildChain(end: pkijs.Certificate, pool: pkijs.Certificate[], anchors: TrustAnchor[]) {
  const chain: pkijs.Certificate[] = [end];
  let current = end;
  for (let depth = 0; depth < 8; depth++) {
    const currentDer = derOf(current);
    const anchor = anchors.find((a) => sameBytes(a.der, currentDer));
    if (anchor && depth > 0) return { chain, anchor };
    for (const a of anchors) if (a !== anchor && (await signedBy(current, a.cert))) return { chain: [...chain, a.cert], anchor: a };
    let next: pkijs.Certificate | undefined;
    for (const candidate of pool) {
      if (candidate !== current && isCa(candidate) && (await signedBy(current, candidate))) {
        next = candidate;
        break;
      }
    }
    if (!next) return null;
    chain.push(next);
    current = next;
  }
  return null;
}

export interface CheckOptions {
  /** The bytes the signature covers (the PDF's byte ranges, joined), or their sha256. */
  signed: { bytes: Uint8Array } | { sha256: Uint8Array };
  anchors: TrustAnchor[];
  /** When certificates must be valid; the CMS signingTime when absent. */
  at?: Date;
}

export async function checkCms(cmsDer: Uint8Array, opts: CheckOptions): Promise<CmsCheck> {
  const problems = new Set<SignatureProblem>();
  const result = (partial: Partial<CmsCheck>): CmsCheck => {
    const list = PROBLEM_ORDER.filter((p) => problems.has(p));
    return {
      signer: null,
      signerCertificate: null,
      signedAt: null,
      intact: false,
      trusted: false,
      revoked: false,
      ...partial,
      problems: list,
    };
  };
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cmsDer));
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    problems.add('signature_invalid');
    return result({});
  }
  const signerInfo = signed.signerInfos[0];
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signerInfo?.sid;
  const signerCert =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certs.find((c) => sameName(c.issuer, sid.issuer) && c.serialNumber.isEqual(sid.serialNumber))
      : undefined;
  if (!signerInfo || !signerCert || !signerInfo.signedAttrs) {
    problems.add('signature_invalid');
    return result({});
  }
  const signerDer = derOf(signerCert);
  const signer = await toSignerInfo(signerDer);
  const timeAttr = attributeValue(signerInfo, OID.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const signedAt = timeAttr?.toDate?.() ?? null;

  // 1. The signature over the signed attributes, and the attributes binding the content and the certificate.
  let intact = false;
  const hashName = HASHES[signerInfo.digestAlgorithm.algorithmId];
  try {
    const digest =
      'sha256' in opts.signed && hashName === 'sha256'
        ? opts.signed.sha256
        : 'bytes' in opts.signed && hashName
          ? new Uint8Array(createHash(hashName).update(opts.signed.bytes).digest())
          : null;
    const messageDigest = attributeValue(signerInfo, OID.messageDigest) as asn1js.OctetString | undefined;
    const contentType = attributeValue(signerInfo, OID.contentType) as asn1js.ObjectIdentifier | undefined;
    const digestMatches = digest !== null && messageDigest !== undefined && sameBytes(messageDigest.valueBlock.valueHexView, digest);
    const verified = await engine().verifyWithPublicKey(
      signerInfo.signedAttrs.encodedValue,
      signerInfo.signature,
      signerCert.subjectPublicKeyInfo,
      signerInfo.signatureAlgorithm,
      hashName ? { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' }[hashName] : undefined,
    );
    intact = verified && digestMatches && contentType?.valueBlock.toString() === OID.data;
  } catch {
    intact = false;
  }
  // ESS signing-certificate-v2, when present, must name this certificate (PAdES requires it).
  const essAttr = attributeValue(signerInfo, OID.signingCertificateV2) as asn1js.Sequence | undefined;
  if (essAttr) {
    try {
      const first = ((essAttr.valueBlock.value[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
      const hashIndex = first[0] instanceof asn1js.OctetString ? 0 : 1;
      const certHash = (first[hashIndex] as asn1js.OctetString).valueBlock.valueHexView;
      if (toHex(certHash) !== signer.fingerprintSha256) intact = false;
    } catch {
      intact = false;
    }
  }
  if (!intact) problems.add('signature_invalid');

  // 2. A chain to an uploaded trust root, valid at the signing time, and not revoked.
  const at = opts.at ?? signedAt ?? new Date();
  const built = await buildChain(signerCert, certs, opts.anchors);
  let revoked = false;
  if (!built) problems.add('certificate_untrusted');
  else {
    for (const cert of built.chain) {
      if (cert.notAfter.value.getTime() < at.getTime()) problems.add('certificate_expired');
      if (cert.notBefore.value.getTime() > at.getTime()) problems.add('certificate_not_yet_valid');
    }
    for (let i = 0; i < built.chain.length - 1; i++) {
      const issuerDer = derOf(built.chain[i + 1]);
      const crl = opts.anchors.find((a) => sameBytes(a.der, issuerDer))?.crl;
      if (!crl) continue;
      if (crl.isCertificateRevoked(built.chain[i])) revoked = true;
      if (crl.nextUpdate && crl.nextUpdate.value.getTime() < Date.now()) problems.add('crl_stale');
    }
  }
  if (revoked) problems.add('certificate_revoked');
  if (!keyUsageAllowsSigning(signerCert)) problems.add('certificate_key_usage');
  return result({ signer, signerCertificate: signerDer, signedAt, intact, trusted: built !== null, revoked });
}

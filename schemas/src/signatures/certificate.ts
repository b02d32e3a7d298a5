import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256, toArrayBuffer, toHex } from './bytes.ts';
import { OID } from './oids.ts';

/** What a person recognises a certificate by. */
export interface CertificateSubject {
  commonName: string;
  email?: string;
  organization?: string;
}

export interface CertificateSummary {
  subject: CertificateSubject;
  issuerCommonName: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
}

export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

function attribute(name: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  const found = name.typesAndValues.find((tv) => tv.type === oid);
  const value = found?.value?.valueBlock?.value;
  return typeof value === 'string' ? value : undefined;
}

/** A distinguished name as one line, most specific first (CN=…, O=…, C=…). */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = {
    '2.5.4.3': 'CN',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '1.2.840.113549.1.9.1': 'E',
  };
  return name.typesAndValues
    .map((tv) => `${short[tv.type] ?? tv.type}=${String(tv.value?.valueBlock?.value ?? '')}`)
    .reverse()
    .join(', ');
}

function emailOf(cert: pkijs.Certificate): string | undefined {
  const fromSubject = attribute(cert.subject, OID.emailAddress);
  if (fromSubject) return fromSubject;
  const san = cert.extensions?.find((e) => e.extnID === OID.subjectAltName)?.parsedValue as pkijs.AltName | undefined;
  const rfc822 = san?.altNames?.find((n) => n.type === 1);
  return typeof rfc822?.value === 'string' ? rfc822.value : undefined;
}

export function commonNameOf(name: pkijs.RelativeDistinguishedNames): string {
  return attribute(name, OID.commonName) ?? nameToString(name);
}

export async function summarizeCertificate(der: Uint8Array): Promise<CertificateSummary> {
  const cert = parseCertificate(der);
  const email = emailOf(cert);
  const organization = attribute(cert.subject, OID.organization);
  return {
    subject: { commonName: commonNameOf(cert.subject), ...(email ? { email } : {}), ...(organization ? { organization } : {}) },
    issuerCommonName: commonNameOf(cert.issuer),
    serialNumber: toHex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    fingerprintSha256: toHex(await sha256(der)),
  };
}

/** DER of a pkijs object. */
export function derOf(obj: { toSchema(): asn1js.AsnType }): Uint8Array {
  return new Uint8Array(obj.toSchema().toBER(false));
}

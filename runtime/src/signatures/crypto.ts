// The signing code itself, loaded only when someone opens a certificate (pkijs, asn1js and node-forge stay
// out of the main bundle; see loadCrypto.ts). The PKCS#12 file and its password are read here, in the page,
// and go nowhere: only the CMS signature over the server's digest leaves the browser.
import { readPkcs12, signDigest, SigningError, type SigningIdentity } from '@formloom/schemas/signatures';
import { fromBase64, toBase64 } from './base64.ts';

/** A certificate opened from its file, with what the dialog shows before signing. */
export interface OpenedCertificate {
  identity: SigningIdentity;
  commonName: string;
  email: string | null;
  organization: string | null;
  issuerCommonName: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

export async function openCertificate(file: Uint8Array, password: string): Promise<OpenedCertificate> {
  const identity = await readPkcs12(file, password);
  return {
    identity,
    commonName: identity.subject.commonName,
    email: identity.subject.email ?? null,
    organization: identity.subject.organization ?? null,
    issuerCommonName: identity.issuerCommonName,
    serialNumber: identity.serialNumber,
    notBefore: new Date(identity.notBefore),
    notAfter: new Date(identity.notAfter),
  };
}

/** The detached CMS (base64 DER) over the server's digest (base64 sha256 of the PDF's byte ranges). */
export async function signPreparedDigest(opened: OpenedCertificate, digest: string, signingTime: Date): Promise<string> {
  return toBase64(await signDigest(opened.identity, fromBase64(digest), signingTime));
}

/** The SigningError code of a failure to open or use a certificate (`wrong_password`, `no_key`…), else null. */
export function signingErrorCode(err: unknown): string | null {
  return err instanceof SigningError ? err.code : null;
}

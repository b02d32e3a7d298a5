// Certificate-backed e-signatures (issue 9): the CMS signing and reading shared by the browser and the
// server. Works wherever WebCrypto is on globalThis.crypto (browsers, Node 20+).
export { SigningError, type SigningErrorCode } from './errors.ts';
export { readPkcs12, type SigningIdentity } from './pkcs12.ts';
export { signDigest, signingCertificateV2 } from './cms.ts';
export { canonicalContentHash, isSignatureValue } from './contentHash.ts';
export {
  summarizeCertificate,
  parseCertificate,
  nameToString,
  commonNameOf,
  derOf,
  type CertificateSubject,
  type CertificateSummary,
} from './certificate.ts';
export { OID } from './oids.ts';
export { toHex, sha256, base64ToBytes, bytesToBase64, toArrayBuffer } from './bytes.ts';

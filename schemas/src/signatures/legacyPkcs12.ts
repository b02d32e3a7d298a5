/**
 * PKCS#12 files encrypted the older way — PKCS#12 PBE with 3DES or RC2 (OpenSSL `-legacy`, Windows
 * "TripleDES-SHA1", older Hongkong Post e-Certs) — which WebCrypto cannot decrypt. node-forge decrypts the
 * bags; the key comes back as PKCS#8 DER so ./pkcs12.ts imports it into WebCrypto like any other. Loaded
 * lazily by readPkcs12 only when such a file is opened.
 */
import forge from 'node-forge';
import { SigningError } from './errors.ts';

function binary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

function fromBinary(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const derOf = (asn1: forge.asn1.Asn1) => fromBinary(forge.asn1.toDer(asn1).getBytes());

interface LegacyBags {
  /** PKCS#8 PrivateKeyInfo DER of each private key. */
  keys: Uint8Array[];
  /** DER of each X.509 certificate. */
  certificates: Uint8Array[];
}

/**
 * The keys and certificates of a legacy-encrypted PKCS#12 file. `passwordChecked`: the file's MAC already
 * matched the password, so a failure here is the file's, not the password's.
 */
export async function readLegacyBags(bytes: Uint8Array, password: string, opts: { passwordChecked: boolean }): Promise<LegacyBags> {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(binary(bytes)), false, password);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    // forge says "Invalid password?" for a MAC mismatch, "wrong password?"/"Failed to decrypt" for bags that do not open.
    if (!opts.passwordChecked || /password|decrypt/i.test(message))
      throw new SigningError('wrong_password', 'The password does not open this certificate file');
    throw new SigningError('unsupported_format', 'This certificate file could not be read');
  }
  const keys: Uint8Array[] = [];
  const certificates: Uint8Array[] = [];
  for (const safeContents of p12.safeContents) {
    for (const bag of safeContents.safeBags) {
      if (bag.type === forge.pki.oids.keyBag || bag.type === forge.pki.oids.pkcs8ShroudedKeyBag) {
        // forge parses RSA keys; any other key (e.g. ECDSA) is left as its PrivateKeyInfo ASN.1.
        if (bag.key) keys.push(derOf(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))));
        else if (bag.asn1) keys.push(derOf(bag.asn1));
      } else if (bag.type === forge.pki.oids.certBag) {
        if (bag.cert) certificates.push(derOf(forge.pki.certificateToAsn1(bag.cert)));
        else if (bag.asn1) certificates.push(derOf(bag.asn1));
      }
    }
  }
  return { keys, certificates };
}

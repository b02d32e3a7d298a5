import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { toArrayBuffer } from './bytes.ts';
import { summarizeCertificate, type CertificateSubject } from './certificate.ts';
import { SigningError } from './errors.ts';
import { OID } from './oids.ts';

/** A person's signing key and certificate, read from their PKCS#12 file; the key cannot be exported. */
export interface SigningIdentity {
  privateKey: CryptoKey;
  /** DER of the end (signer) certificate. */
  certificate: Uint8Array;
  /** DER of the other certificates in the file (intermediates, root), without the end certificate. */
  chain: Uint8Array[];
  subject: CertificateSubject;
  notBefore: Date;
  notAfter: Date;
  issuerCommonName: string;
  serialNumber: string;
}

function engine(): pkijs.CryptoEngine {
  const crypto = pkijs.getCrypto(true);
  return crypto as pkijs.CryptoEngine;
}

/** Content encrypted the older way (PKCS#12 PBE with 3DES or RC2), which WebCrypto cannot decrypt: read by ./legacyPkcs12.ts. */
class LegacyEncryption extends Error {
  constructor(readonly algorithmId: string) {
    super(`PKCS#12 content encrypted with ${algorithmId}`);
  }
}

/** Decrypts password-encrypted PKCS#12 content (PBES2: PBKDF2 with AES-CBC, what OpenSSL 3 and Windows write). */
async function decrypt(algorithm: pkijs.AlgorithmIdentifier, encrypted: asn1js.OctetString, password: ArrayBuffer): Promise<ArrayBuffer> {
  if (algorithm.algorithmId !== OID.pbes2) throw new LegacyEncryption(algorithm.algorithmId);
  try {
    return await engine().decryptEncryptedContentInfo({
      password,
      encryptedContentInfo: new pkijs.EncryptedContentInfo({
        contentType: OID.data,
        contentEncryptionAlgorithm: algorithm,
        encryptedContent: encrypted,
      }),
    });
  } catch (e) {
    if (e instanceof SigningError) throw e;
    // AES-CBC unpadding fails on a wrong key: without a MAC this is how a wrong password shows.
    throw new SigningError('wrong_password', 'The password does not open this certificate file');
  }
}

async function safeBagsOf(content: pkijs.ContentInfo, password: ArrayBuffer): Promise<pkijs.SafeBag[]> {
  if (content.contentType === OID.data) {
    return pkijs.SafeContents.fromBER((content.content as asn1js.OctetString).getValue()).safeBags;
  }
  if (content.contentType === OID.encryptedData) {
    const encrypted = new pkijs.EncryptedData({ schema: content.content });
    const info = encrypted.encryptedContentInfo;
    const bytes = await decrypt(
      info.contentEncryptionAlgorithm,
      new asn1js.OctetString({ valueHex: info.getEncryptedContent() }),
      password,
    );
    return pkijs.SafeContents.fromBER(bytes).safeBags;
  }
  return [];
}

function keyAlgorithm(info: pkijs.PrivateKeyInfo): RsaHashedImportParams | EcKeyImportParams {
  const id = info.privateKeyAlgorithm.algorithmId;
  if (id === OID.rsaEncryption) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (id === OID.ecPublicKey) {
    const params = info.privateKeyAlgorithm.algorithmParams;
    const curve = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : undefined;
    if (curve === OID.p256) return { name: 'ECDSA', namedCurve: 'P-256' };
  }
  throw new SigningError('unsupported_key', 'Only RSA and ECDSA P-256 keys can sign here');
}

/** The public half of a private key as JWK members that identify it (n for RSA, x/y for EC). */
function publicMembers(jwk: JsonWebKey): string {
  return jwk.kty === 'RSA' ? `${jwk.n}` : `${jwk.x}.${jwk.y}`;
}

async function certificateMatches(cert: pkijs.Certificate, algorithm: RsaHashedImportParams | EcKeyImportParams, keyJwk: JsonWebKey) {
  try {
    const spki = cert.subjectPublicKeyInfo.toSchema().toBER(false);
    const pub = await globalThis.crypto.subtle.importKey(
      'spki',
      spki,
      algorithm,
      true,
      algorithm.name === 'ECDSA' ? ['verify'] : ['verify'],
    );
    return publicMembers(await globalThis.crypto.subtle.exportKey('jwk', pub)) === publicMembers(keyJwk);
  } catch {
    return false;
  }
}

/**
 * Opens a PKCS#12 file (.p12/.pfx, such as a Hongkong Post e-Cert) with its password, in the browser or in
 * Node. The private key is imported as a non-extractable WebCrypto key.
 */
export async function readPkcs12(bytes: Uint8Array, password: string): Promise<SigningIdentity> {
  let pfx: pkijs.PFX;
  let authSafeContent: ArrayBuffer;
  try {
    pfx = pkijs.PFX.fromBER(toArrayBuffer(bytes));
    if (pfx.authSafe.contentType !== OID.data) throw new Error('public-key integrity mode');
    authSafeContent = (pfx.authSafe.content as asn1js.OctetString).getValue();
  } catch {
    throw new SigningError('unsupported_format', 'This is not a PKCS#12 (.p12 / .pfx) certificate file');
  }
  const passwordBytes = toArrayBuffer(new TextEncoder().encode(password));

  if (pfx.macData) {
    let ok = false;
    try {
      const crypto = engine();
      const hash = crypto.getAlgorithmByOID(pfx.macData.mac.digestAlgorithm.algorithmId, true, 'digestAlgorithm') as Algorithm;
      ok = await crypto.verifyDataStampedWithPassword({
        password: passwordBytes,
        hashAlgorithm: hash.name,
        salt: toArrayBuffer(pfx.macData.macSalt.valueBlock.valueHexView),
        iterationCount: pfx.macData.iterations || 1,
        contentToVerify: authSafeContent,
        signatureToVerify: toArrayBuffer(pfx.macData.mac.digest.valueBlock.valueHexView),
      });
    } catch {
      ok = false;
    }
    if (!ok) throw new SigningError('wrong_password', 'The password does not open this certificate file');
  }

  let keys: pkijs.PrivateKeyInfo[] = [];
  let certs: { der: Uint8Array; cert: pkijs.Certificate }[] = [];
  try {
    const authSafe = pkijs.AuthenticatedSafe.fromBER(authSafeContent);
    for (const content of authSafe.safeContents) {
      for (const bag of await safeBagsOf(content, passwordBytes)) {
        if (bag.bagId === OID.keyBag) keys.push(bag.bagValue as pkijs.PrivateKeyInfo);
        else if (bag.bagId === OID.shroudedKeyBag) {
          const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
          keys.push(pkijs.PrivateKeyInfo.fromBER(await decrypt(shrouded.encryptionAlgorithm, shrouded.encryptedData, passwordBytes)));
        } else if (bag.bagId === OID.certBag) {
          const certBag = bag.bagValue as pkijs.CertBag;
          if (certBag.certId !== OID.x509Certificate) continue;
          const der = new Uint8Array((certBag.certValue as asn1js.OctetString).getValue());
          certs.push({ der, cert: pkijs.Certificate.fromBER(toArrayBuffer(der)) });
        }
      }
    }
  } catch (e) {
    if (!(e instanceof LegacyEncryption)) throw e;
    // 3DES / RC2 bags (OpenSSL -legacy, Windows "TripleDES-SHA1", older e-Certs): node-forge decrypts them. It is
    // loaded only here, so it stays out of bundles until such a file is opened.
    const { readLegacyBags } = await import('./legacyPkcs12.ts');
    const legacy = await readLegacyBags(bytes, password, { passwordChecked: Boolean(pfx.macData) });
    keys = legacy.keys.map((der) => pkijs.PrivateKeyInfo.fromBER(toArrayBuffer(der)));
    certs = legacy.certificates.map((der) => ({ der, cert: pkijs.Certificate.fromBER(toArrayBuffer(der)) }));
  }
  if (keys.length === 0 || certs.length === 0) throw new SigningError('no_key', 'This file holds no private key with its certificate');

  const info = keys[0];
  const algorithm = keyAlgorithm(info);
  const pkcs8 = info.toSchema().toBER(false);
  let extractable: CryptoKey;
  try {
    extractable = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
  } catch {
    throw new SigningError('unsupported_key', 'The private key in this file could not be read');
  }
  const keyJwk = await globalThis.crypto.subtle.exportKey('jwk', extractable);
  let end: (typeof certs)[number] | undefined;
  for (const c of certs) {
    if (await certificateMatches(c.cert, algorithm, keyJwk)) {
      end = c;
      break;
    }
  }
  if (!end) throw new SigningError('no_key', 'No certificate in this file belongs to its private key');
  const privateKey = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
  const summary = await summarizeCertificate(end.der);
  return {
    privateKey,
    certificate: end.der,
    chain: certs.filter((c) => c !== end).map((c) => c.der),
    subject: summary.subject,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    issuerCommonName: summary.issuerCommonName,
    serialNumber: summary.serialNumber,
  };
}

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha256, toArrayBuffer } from './bytes.ts';
import { OID } from './oids.ts';
import type { SigningIdentity } from './pkcs12.ts';

/**
 * ESS signing-certificate-v2 (RFC 5035): binds the signature to the signer's certificate by its sha256,
 * with the issuer and serial — PAdES baseline B-B requires it.
 */
export async function signingCertificateV2(certificateDer: Uint8Array): Promise<asn1js.Sequence> {
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(certificateDer));
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      cert.serialNumber,
    ],
  });
  // hashAlgorithm is left out: its DEFAULT is sha256.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(await sha256(certificateDer)) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/**
 * A detached CMS SignedData (DER) over `digest` (sha256 of the PDF's byte ranges), with the signed
 * attributes contentType = data, messageDigest, signingTime and signingCertificateV2, carrying the
 * certificate and its chain — what a PAdES (ETSI.CAdES.detached) signature's /Contents holds.
 */
export async function signDigest(identity: SigningIdentity, digest: Uint8Array, signingTime: Date): Promise<Uint8Array> {
  if (digest.length !== 32) throw new Error('The digest must be a sha256 (32 bytes)');
  const cert = pkijs.Certificate.fromBER(toArrayBuffer(identity.certificate));
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [await signingCertificateV2(identity.certificate)] }),
  ];
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [cert, ...identity.chain.map((der) => pkijs.Certificate.fromBER(toArrayBuffer(der)))],
  });
  await signedData.sign(identity.privateKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

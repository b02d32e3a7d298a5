import { z } from 'zod';
import { Id, JsonObject, Timestamp } from './common.ts';

/**
 * Certificate-backed e-signatures (issue 9). The browser signs a digest of the canonical PDF with the
 * person's own certificate (a PKCS#12 file such as a Hongkong Post e-Cert); the server checks the CMS and
 * embeds it as a PAdES signature. The crypto both sides share lives in `@formloom/schemas/signatures`.
 */

/** Who signed, as their certificate says. */
export const SignerInfo = z
  .object({
    commonName: z.string(),
    email: z.string().nullable(),
    organization: z.string().nullable(),
    serialNumber: z.string().describe('The certificate serial number, hex'),
    issuerCommonName: z.string(),
    notBefore: Timestamp,
    notAfter: Timestamp,
    fingerprintSha256: z.string().describe('sha256 of the DER certificate, hex'),
  })
  .meta({ id: 'SignerInfo' });
export type SignerInfo = z.infer<typeof SignerInfo>;

/** A field of a submission (`field`) or an approval decision (`approval`). */
export const SignaturePurpose = z.enum(['field', 'approval']);
export type SignaturePurpose = z.infer<typeof SignaturePurpose>;

export const Signature = z
  .object({
    id: Id,
    status: z.literal('valid'),
    purpose: SignaturePurpose,
    formId: Id,
    formVersion: z.number().int(),
    /** Null until the submission that carries a field signature is made. */
    submissionId: Id.nullable(),
    taskId: Id.nullable(),
    field: z.string().nullable(),
    signerUserId: Id,
    signer: SignerInfo,
    signedAt: Timestamp,
    contentHash: z.string().describe('canonicalContentHash of the signed submission data, hex'),
    pdfUrl: z.string().describe('The signed PDF (PAdES)'),
  })
  .meta({ id: 'Signature' });
export type Signature = z.infer<typeof Signature>;

/** Sign a `digitalSignature` field of a submission about to be made, or one's own pending approval task. */
export const PrepareSignatureBody = z
  .union([z.object({ formId: Id, field: z.string().min(1).max(100), data: JsonObject }), z.object({ taskId: Id })])
  .meta({ id: 'PrepareSignatureBody' });
export type PrepareSignatureBody = z.infer<typeof PrepareSignatureBody>;

export const PreparedSignature = z
  .object({
    signingId: Id,
    digest: z.string().describe('base64 sha256 over the PDF byte ranges; the browser signs this'),
    contentHash: z.string(),
    formVersion: z.number().int(),
    pdfUrl: z.string().describe('The unsigned preview of what is being signed'),
    expiresAt: Timestamp,
    preparedAt: Timestamp.describe(
      "The server's clock when prepared: the browser signs with this clock, not its own (the signing time must fall between preparing and completing)",
    ),
  })
  .meta({ id: 'PreparedSignature' });
export type PreparedSignature = z.infer<typeof PreparedSignature>;

export const CompleteSignatureBody = z
  .object({ cms: z.string().min(1).max(2_000_000).describe('base64 DER CMS SignedData (detached)') })
  .meta({ id: 'CompleteSignatureBody' });
export type CompleteSignatureBody = z.infer<typeof CompleteSignatureBody>;

/**
 * Why a signature in a PDF does not hold: `signature_invalid`, `digest_mismatch`, `certificate_untrusted`,
 * `certificate_expired`, `certificate_not_yet_valid`, `certificate_revoked`, `certificate_key_usage`,
 * `signing_certificate_mismatch`, `byte_range_invalid`, `crl_stale` (the CRL's nextUpdate has passed).
 */
export const VerifiedSignature = z
  .object({
    signer: SignerInfo.nullable(),
    signedAt: Timestamp.nullable(),
    trusted: z.boolean(),
    revoked: z.boolean(),
    intact: z.boolean(),
    coversWholeDocument: z.boolean(),
    /** Later revisions (bytes after this signature's range) exist. */
    modifiedAfter: z.boolean(),
    formId: Id.nullable(),
    formVersion: z.number().int().nullable(),
    contentHash: z.string().nullable(),
    problems: z.array(z.string()),
  })
  .meta({ id: 'VerifiedSignature' });
export type VerifiedSignature = z.infer<typeof VerifiedSignature>;

export const VerifyResult = z.object({ valid: z.boolean(), signatures: z.array(VerifiedSignature) }).meta({ id: 'VerifyResult' });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const TrustRoot = z
  .object({
    id: Id,
    subject: z.string(),
    issuer: z.string(),
    notBefore: Timestamp,
    notAfter: Timestamp,
    fingerprintSha256: z.string(),
    isCa: z.boolean(),
    crl: z.object({ thisUpdate: Timestamp, nextUpdate: Timestamp.nullable(), revokedCount: z.number().int() }).nullable(),
    addedAt: Timestamp,
  })
  .meta({ id: 'TrustRoot' });
export type TrustRoot = z.infer<typeof TrustRoot>;

/** The value a `digitalSignature` field holds in submission data. */
export const DigitalSignatureValue = z.object({ signatureId: Id });
export type DigitalSignatureValue = z.infer<typeof DigitalSignatureValue>;

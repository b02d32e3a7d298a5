// The e-signature shapes as the runtime reads them: the zod models' types (schemas/src/models/signatures.ts).
// Types only, so the main bundle carries none of the signing code: pkijs and node-forge come in with
// ./crypto.ts, loaded when someone opens a certificate.
export type {
  PreparedSignature,
  PrepareSignatureBody,
  Signature,
  SignerInfo,
  TrustRoot,
  VerifiedSignature,
  VerifyResult,
} from '@formloom/schemas';

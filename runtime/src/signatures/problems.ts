import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../api/errors.ts';

/**
 * Refusals the signing and verification pages put in words (signatures.errors.<code> in the locale files):
 * the server's codes, and the certificate file's own (SigningError codes from readPkcs12).
 */
export const WORDED_CODES: ReadonlySet<string> = new Set([
  // opening the certificate, in the page
  'wrong_password',
  'no_key',
  'unsupported_key',
  'unsupported_format',
  'unreadable_file',
  // the server's check of the signature
  'signature_invalid',
  'certificate_untrusted',
  'certificate_expired',
  'certificate_not_yet_valid',
  'certificate_revoked',
  'certificate_key_usage',
  'signing_expired',
  'signing_time_invalid',
  'signature_required',
  'signature_mismatch',
  'validation_failed',
  'not_a_pdf',
  'no_signatures',
  'invalid_certificate',
  'invalid_crl',
  'signing_completed',
  'signature_not_required',
  'crl_signature_invalid',
  'trust_root_exists',
]);

/**
 * What went wrong, in words: a certificate file's SigningError code, a refusal the page knows, the
 * server's own message for another 4xx (it says what to change), or a generic failure.
 */
export function problemText(t: TFunction, err: unknown, signingCode?: string | null): string {
  if (signingCode) return t(`signatures.errors.${WORDED_CODES.has(signingCode) ? signingCode : 'unreadable_file'}`);
  if (err instanceof NetworkError) return t('signatures.errors.network');
  if (err instanceof ApiError) {
    if (WORDED_CODES.has(err.code)) return t(`signatures.errors.${err.code}`);
    if (err.status === 403) return t('signatures.errors.forbidden');
    if (err.status === 404) return t('signatures.errors.not_found');
    if (err.status >= 400 && err.status < 500) return err.message;
  }
  return t('signatures.errors.generic');
}

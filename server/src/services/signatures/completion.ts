/** What completing a signature checks beyond the CMS itself, and how each refusal is put to the signer. */

/**
 * The signing time a signature claims must fall between preparing and completing, give or take this
 * much (the browser signs with the server's clock, corrected for the time the answer took to come).
 * Without the bound a signer could date a signature days before or after they made it.
 */
export const SIGNING_TIME_SKEW_MS = 2 * 60 * 1000;

/** The claimed signing time lies between preparing the request and now, with SIGNING_TIME_SKEW_MS either side. */
export function signedWithinRequest(signedAt: Date, preparedAt: string): boolean {
  const at = signedAt.getTime();
  return at >= Date.parse(preparedAt) - SIGNING_TIME_SKEW_MS && at <= Date.now() + SIGNING_TIME_SKEW_MS;
}

/** The refusal messages of completing, by code (the page words the codes itself; this is for API callers). */
export const PROBLEM_MESSAGES: Record<string, string> = {
  signature_invalid:
    'The signature does not verify against the prepared document; sign the digest you were given with your own certificate.',
  certificate_untrusted:
    'Your certificate does not chain to a certificate authority this server trusts; ask an admin to add your CA as a trust root.',
  certificate_expired: 'Your certificate has expired; sign with a current certificate.',
  certificate_not_yet_valid: 'Your certificate is not valid yet; check its start date, or sign with another certificate.',
  certificate_revoked: 'Your certificate has been revoked by its certificate authority; sign with a certificate that is still valid.',
  certificate_key_usage: 'Your certificate is not for signing (it lacks the digital signature key usage); use your signing certificate.',
  signing_time_invalid:
    'The signing time in the signature is not the time you signed (it must fall between preparing the document and sending the signature); sign again.',
};

/**
 * Why a PKCS#12 file could not be read or a digest could not be signed:
 * `wrong_password`, `no_key` (no private key or no certificate for it), `unsupported_key` (neither RSA nor
 * ECDSA P-256), `unsupported_format` (not PKCS#12, or encrypted with a scheme this code cannot open).
 */
export type SigningErrorCode = 'wrong_password' | 'no_key' | 'unsupported_key' | 'unsupported_format';

export class SigningError extends Error {
  readonly code: SigningErrorCode;
  constructor(code: SigningErrorCode, message?: string) {
    super(message ?? code);
    this.name = 'SigningError';
    this.code = code;
  }
}

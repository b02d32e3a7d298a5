/** The signing code as a lazily loaded chunk: fetched the first time a signing dialog needs it. */
export type SigningCrypto = typeof import('./crypto.ts');

let loading: Promise<SigningCrypto> | null = null;

export function loadSigningCrypto(): Promise<SigningCrypto> {
  // A failed fetch (offline, a new deployment) is not remembered, so the next attempt tries again.
  loading ??= import('./crypto.ts').catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useApi } from '../api/ApiContext.tsx';
import { signaturesApiOf, type SignaturesApi } from './api.ts';
import { loadSigningCrypto, type SigningCrypto } from './loadCrypto.ts';

/** Where a digital-signature field is being filled: the form it belongs to, the API, the signing code. */
export interface Signing {
  formId: string;
  api: SignaturesApi;
  loadCrypto: () => Promise<SigningCrypto>;
}

const SigningContext = createContext<Signing | null>(null);

/** Around a form being filled (the fill page): its digital-signature fields sign through this. */
export function SigningProvider({ formId, children }: { formId: string; children: ReactNode }) {
  const client = useApi();
  const value = useMemo<Signing | null>(() => {
    try {
      return { formId, api: signaturesApiOf(client), loadCrypto: loadSigningCrypto };
    } catch {
      return null; // a client without request() (a static preview): the field says signing is unavailable
    }
  }, [client, formId]);
  return <SigningContext.Provider value={value}>{children}</SigningContext.Provider>;
}

/** The signing context, or null where there is none (the designer's preview). */
export function useSigning(): Signing | null {
  return useContext(SigningContext);
}

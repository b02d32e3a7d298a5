// The e-signature calls (docs/API.md "Signatures"). JSON calls go through the HTTP client's `request`
// (CSRF, Accept-Language, errors as everywhere); a PDF, a certificate or a CRL goes up as its own bytes,
// which `request` (JSON only) cannot send, so those use the session's CSRF token with a plain fetch.
import type { ApiClient, HttpApiClient } from '../api/client.ts';
import { NetworkError, toApiError } from '../api/errors.ts';
import type { Session } from '../api/types.ts';
import type { PreparedSignature, PrepareSignatureBody, Signature, TrustRoot, VerifyResult } from './types.ts';

export interface SignaturesApi {
  prepare(body: PrepareSignatureBody): Promise<PreparedSignature>;
  /** `cms`: the detached CMS SignedData, base64 DER. Only the signature goes up, never the key or its password. */
  complete(signingId: string, cms: string): Promise<Signature>;
  get(signatureId: string): Promise<Signature>;
  ofSubmission(submissionId: string): Promise<Signature[]>;
  /** A plain URL the browser opens or downloads with the session cookie. */
  pdfUrl(signatureId: string): string;
  verify(pdf: Blob): Promise<VerifyResult>;
  trustRoots(): Promise<TrustRoot[]>;
  /** A CA certificate as PEM text or base64 DER. */
  addTrustRoot(certificate: string): Promise<TrustRoot>;
  removeTrustRoot(id: string): Promise<void>;
  /** A CRL as PEM text or base64 DER, signed by that root. */
  putCrl(id: string, crl: string): Promise<TrustRoot>;
}

type Request = HttpApiClient['request'];
const enc = encodeURIComponent;

export function createSignaturesApi(
  request: Request,
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  baseUrl = '',
): SignaturesApi {
  /** A non-JSON body with the session's CSRF token (asking for the session hands over its current token). */
  async function sendBytes<T>(method: 'POST' | 'PUT', path: string, body: Blob | string, contentType: string): Promise<T> {
    const { csrfToken } = await request<Session>('GET', '/api/auth/me');
    let res: Response;
    try {
      res = await fetchFn(`${baseUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', 'Content-Type': contentType, 'X-CSRF-Token': csrfToken },
        body,
        credentials: 'same-origin',
      });
    } catch (cause) {
      throw new NetworkError(cause);
    }
    if (!res.ok) throw await toApiError(res);
    return (await res.json()) as T;
  }

  return {
    prepare: (body) => request<PreparedSignature>('POST', '/api/signatures/prepare', body),
    complete: (signingId, cms) => request<Signature>('POST', `/api/signatures/${enc(signingId)}/complete`, { cms }),
    get: (id) => request<Signature>('GET', `/api/signatures/${enc(id)}`),
    ofSubmission: async (submissionId) =>
      (await request<{ items: Signature[] }>('GET', `/api/submissions/${enc(submissionId)}/signatures`)).items,
    pdfUrl: (id) => `${baseUrl}/api/signatures/${enc(id)}/pdf`,
    verify: (pdf) => sendBytes<VerifyResult>('POST', '/api/signatures/verify', pdf, 'application/pdf'),
    trustRoots: async () => (await request<{ items: TrustRoot[] }>('GET', '/api/signatures/trust-roots')).items,
    addTrustRoot: (certificate) => sendBytes<TrustRoot>('POST', '/api/signatures/trust-roots', certificate, 'text/plain'),
    removeTrustRoot: (id) => request<void>('DELETE', `/api/signatures/trust-roots/${enc(id)}`),
    putCrl: (id, crl) => sendBytes<TrustRoot>('PUT', `/api/signatures/trust-roots/${enc(id)}/crl`, crl, 'text/plain'),
  };
}

/** The signatures API over whatever client the app was given (the HTTP one, or a test's fake with `request`). */
export function signaturesApiOf(api: ApiClient): SignaturesApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('Signing needs an API client with request() (createHttpClient)');
  return createSignaturesApi(request.bind(api));
}

import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.ts';
import { createI18n } from '../i18n/createI18n.ts';
import { LocaleProvider } from '../i18n/LocaleProvider.tsx';
import type { SignaturesApi } from './api.ts';
import { loadSigningCrypto } from './loadCrypto.ts';
import { SigningDialog } from './SigningDialog.tsx';
import type { PreparedSignature, Signature } from './types.ts';

/**
 * The dialog's states around signing; the server is a stand-in that records what reaches it and answers as
 * the contract says.
 */
function fakeServer(answers: { prepare?: () => Promise<PreparedSignature>; complete?: (cms: string) => Promise<Signature> } = {}) {
  const calls: { prepare: number; complete: { signingId: string; cms: string }[] } = { prepare: 0, complete: [] };
  const digest = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
  const api: SignaturesApi = {
    async prepare() {
      calls.prepare++;
      if (answers.prepare) return answers.prepare();
      return {
        signingId: `signing-${calls.prepare}`,
        digest,
        contentHash: 'ab'.repeat(32),
        formVersion: 1,
        pdfUrl: `/api/signatures/signing-${calls.prepare}/preview.pdf`,
        expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        preparedAt: new Date().toISOString(),
      };
    },
    async complete(signingId, cms) {
      calls.complete.push({ signingId, cms });
      if (answers.complete) return answers.complete(cms);
      return signatureOf('Chan Tai Man');
    },
    get: () => Promise.reject(new Error('not used')),
    ofSubmission: () => Promise.resolve([]),
    pdfUrl: (id) => `/api/signatures/${id}/pdf`,
    verify: () => Promise.reject(new Error('not used')),
    trustRoots: () => Promise.resolve([]),
    addTrustRoot: () => Promise.reject(new Error('not used')),
    removeTrustRoot: () => Promise.resolve(),
    putCrl: () => Promise.reject(new Error('not used')),
  };
  return { api, calls };
}

function signatureOf(commonName: string): Signature {
  return {
    id: '0193a5b2-7c1e-7000-8000-000000000001',
    status: 'valid',
    purpose: 'field',
    formId: 'f1',
    formVersion: 1,
    submissionId: null,
    taskId: null,
    field: 'signature',
    signerUserId: 'u1',
    signer: {
      commonName,
      email: null,
      organization: null,
      serialNumber: '01',
      issuerCommonName: 'Test CA',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      fingerprintSha256: 'ab'.repeat(32),
    },
    signedAt: '2026-11-26T05:00:00.000Z',
    contentHash: 'ab'.repeat(32),
    pdfUrl: '/api/signatures/x/pdf',
  };
}

function renderDialog(api: SignaturesApi, onSigned: (s: Signature) => void = () => undefined, locale: 'en' | 'zh-Hant' = 'en') {
  const i18n = createI18n(locale);
  return render(
    <I18nextProvider i18n={i18n}>
      <LocaleProvider i18n={i18n} storage={null}>
        <SigningDialog
          request={{ formId: 'f1', field: 'signature', data: { item: 'Laptop' } }}
          api={api}
          loadCrypto={loadSigningCrypto}
          title="Sign: Borrower"
          onSigned={onSigned}
          onClose={() => undefined}
        />
      </LocaleProvider>
    </I18nextProvider>,
  );
}

describe('SigningDialog', () => {
  // The real signing (pkijs over WebCrypto, PKCS#12 files of the test PKI) runs in Chromium: e2e/signatures.test.ts.
  // Under jsdom pkijs cannot decrypt PKCS#12 (every password reads as wrong), so these cover the states around it.
  it('asks for the certificate file before opening anything, and says what the file is for', async () => {
    const server = fakeServer();
    renderDialog(server.api);
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'Preview the document you are signing (PDF)' });
    expect(screen.getByText('Your certificate file and its password stay on this device: only the signature is sent.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Open certificate' }));
    await screen.findByText('Choose your certificate file first.');
    expect(server.calls.complete).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Sign' })).toBeNull();
  });

  it('says a file that is not a certificate cannot be opened, and sends nothing', async () => {
    const server = fakeServer();
    renderDialog(server.api, undefined, 'zh-Hant');
    const user = userEvent.setup();
    await screen.findByRole('link', { name: '預覽您要簽署的文件 (PDF)' });
    await user.upload(screen.getByLabelText('證書檔案 (.p12 或 .pfx)'), new File(['%PDF-1.7 not a certificate'], 'notes.p12'));
    await user.type(screen.getByLabelText('證書密碼'), 'secret');
    await user.click(screen.getByRole('button', { name: '開啟證書' }));
    const alert = await screen.findByRole('alert', undefined, { timeout: 20_000 });
    expect(alert.textContent).toBe('無法以證書開啟此檔案。請選擇附有私人密碼匙的 PKCS#12 證書檔案（.p12 或 .pfx）。');
    expect(server.calls.complete).toHaveLength(0);
    expect(server.calls.prepare).toBe(1);
  }, 60_000);

  it('shows a refused preparation (answers to fix) with a way to try again', async () => {
    const server = fakeServer({
      prepare: () =>
        Promise.reject(
          new ApiError({ statusCode: 422, code: 'validation_failed', error: 'Unprocessable Entity', message: 'x', details: [] }),
        ),
    });
    renderDialog(server.api);
    await screen.findByText(/Some answers need fixing before the form can be signed/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

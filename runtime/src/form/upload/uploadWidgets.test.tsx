import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import type { FileInfo, UploadOptions } from '../../api/files.ts';
import { createI18n } from '../../i18n/createI18n.ts';
import type { Locale } from '../../i18n/locale.ts';
import { apiError } from '../../test/fakeApi.ts';
import { createDefaultFormKit } from '../defaultFormKit.ts';
import { FormRenderer } from '../FormRenderer.tsx';

const kit = createDefaultFormKit();

const doc = {
  schema: {
    type: 'object',
    properties: {
      photo: { type: 'string', title: 'Meter photo' },
      receipt: { type: 'string', title: 'Receipt' },
      signature: { type: 'string', title: 'Signature' },
    },
  },
  uiSchema: { photo: { 'ui:fieldType': 'photo' }, receipt: { 'ui:fieldType': 'file' }, signature: { 'ui:fieldType': 'signature' } },
};

const info = (over: Partial<FileInfo>): FileInfo => ({
  id: 'f1',
  name: 'receipt.pdf',
  size: 2_560,
  contentType: 'application/pdf',
  sha256: 'ab'.repeat(32),
  purpose: 'file',
  createdAt: '2026-11-25T09:30:00.000Z',
  createdBy: 'u1',
  createdByName: 'Chan Mei',
  url: '/api/files/f1',
  ...over,
});

function renderForm(
  props: { uploadFile?: (b: Blob, n: string, o: UploadOptions) => Promise<FileInfo>; fileInfo?: (id: string) => Promise<FileInfo> },
  { initialData = {}, locale = 'en' as Locale } = {},
) {
  const onSubmit = vi.fn();
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <FormRenderer
        schema={doc.schema}
        uiSchema={doc.uiSchema}
        locale={locale}
        validatorFor={kit.validatorFor}
        widgets={kit.widgets}
        fields={kit.fields}
        fieldTypes={kit.fieldTypes}
        initialData={initialData}
        onSubmit={onSubmit}
        {...props}
      >
        <button type="submit">Submit</button>
      </FormRenderer>
    </I18nextProvider>,
  );
  return { onSubmit };
}

const fileInputs = () => [...document.querySelectorAll<HTMLInputElement>('input[type=file]')];

describe('file widget', () => {
  it('uploads the chosen file with progress, then shows its name and size and submits its id', async () => {
    let report: ((f: number) => void) | undefined;
    let finish!: (i: FileInfo) => void;
    const uploadFile = vi.fn((_blob: Blob, _name: string, o: UploadOptions) => {
      report = o.onProgress;
      return new Promise<FileInfo>((resolve) => (finish = resolve));
    });
    const { onSubmit } = renderForm({ uploadFile, fileInfo: vi.fn() });
    const receiptInput = fileInputs().find((i) => !i.accept)!;
    await userEvent.upload(receiptInput, new File(['%PDF-1.4'], 'receipt.pdf', { type: 'application/pdf' }));
    expect(uploadFile).toHaveBeenCalledWith(expect.any(File), 'receipt.pdf', expect.objectContaining({ purpose: 'file' }));
    report!(0.5);
    expect(await screen.findByText('Uploading… 50%')).toBeTruthy();
    finish(info({ id: 'f9', url: '/api/files/f9' }));
    const link = await screen.findByRole('link', { name: 'receipt.pdf' });
    expect(link.getAttribute('href')).toBe('/api/files/f9');
    expect(screen.getByText('2.5 KB')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({ receipt: 'f9' });
  });

  it("shows the server's refusal of a renamed program in the person's language, and keeps no value", async () => {
    const uploadFile = vi.fn(() =>
      Promise.reject(
        apiError({ statusCode: 415, code: 'unsupported_file_type', details: { detected: 'exe', description: 'a Windows executable' } }),
      ),
    );
    const { onSubmit } = renderForm({ uploadFile, fileInfo: vi.fn() }, { locale: 'zh-Hant' });
    await userEvent.upload(
      fileInputs().find((i) => !i.accept)!,
      new File(['MZ'], 'photo.jpg'),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      '此檔案是Windows 程式，不能上載。可上載相片、PDF、Word、Excel、PowerPoint、OpenDocument 及純文字或 CSV 檔案。',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({});
  });

  it('names the limit when the file is too large', async () => {
    const uploadFile = vi.fn(() =>
      Promise.reject(apiError({ statusCode: 413, code: 'file_too_large', details: { maxBytes: 20 * 1024 * 1024 } })),
    );
    renderForm({ uploadFile, fileInfo: vi.fn() });
    await userEvent.upload(
      fileInputs().find((i) => !i.accept)!,
      new File(['x'], 'big.pdf'),
    );
    expect((await screen.findByRole('alert')).textContent).toBe('This file is too large: the limit is 20 MB. Choose a smaller file.');
  });

  it('loads what a stored value names and lets the person remove it', async () => {
    const fileInfo = vi.fn((id: string) => Promise.resolve(info({ id })));
    const { onSubmit } = renderForm({ uploadFile: vi.fn(), fileInfo }, { initialData: { receipt: 'f1' } });
    expect(await screen.findByRole('link', { name: 'receipt.pdf' })).toBeTruthy();
    expect(fileInfo).toHaveBeenCalledWith('f1');
    await userEvent.click(screen.getByRole('button', { name: 'Remove' }));
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({});
  });
});

describe('photo widget', () => {
  it('offers the rear camera and the gallery, uploads as a photo and shows the thumbnail', async () => {
    URL.createObjectURL = vi.fn(() => 'blob:preview-1');
    URL.revokeObjectURL = vi.fn();
    const uploadFile = vi.fn(() => Promise.resolve(info({ id: 'p1', name: 'meter.jpg', contentType: 'image/jpeg', purpose: 'photo' })));
    const { onSubmit } = renderForm({ uploadFile, fileInfo: vi.fn() });
    const [camera, gallery] = fileInputs().filter((i) => i.accept === 'image/*');
    expect(camera.getAttribute('capture')).toBe('environment');
    expect(gallery.hasAttribute('capture')).toBe(false);
    expect(screen.getByRole('button', { name: 'Meter photo: Take photo' }).id).toBe('root_photo');
    await userEvent.upload(camera, new File([new Uint8Array([0xff, 0xd8, 0xff])], 'meter.jpg', { type: 'image/jpeg' }));
    expect(uploadFile).toHaveBeenCalledWith(expect.any(Blob), 'meter.jpg', expect.objectContaining({ purpose: 'photo' }));
    const thumb = await screen.findByRole('img', { name: 'Photo' });
    expect(thumb.getAttribute('src')).toBe('blob:preview-1');
    expect(screen.getByRole('button', { name: 'Meter photo: Take again' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(onSubmit).toHaveBeenCalledWith({ photo: 'p1' });
  });

  it('says so where there is nowhere to upload to (a designer preview)', () => {
    renderForm({});
    expect(screen.getAllByText('Uploading files is not available here').length).toBe(3);
    expect((screen.getByRole('button', { name: 'Meter photo: Take photo' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('signature widget', () => {
  it('shows a stored signature with who signed it and when', async () => {
    const fileInfo = vi.fn((id: string) =>
      Promise.resolve(info({ id, name: 'signature.png', contentType: 'image/png', purpose: 'signature' })),
    );
    renderForm({ uploadFile: vi.fn(), fileInfo }, { initialData: { signature: 's1' } });
    expect(await screen.findByText(/^Signed by Chan Mei · 25 Nov 2026, \d/)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Signature pad' }).getAttribute('src')).toBe('/api/files/f1');
    expect(screen.getByRole('button', { name: 'Clear and sign again' })).toBeTruthy();
  });
});

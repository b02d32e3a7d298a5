import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../api/ApiContext.tsx';
import { createI18n } from '../../i18n/createI18n.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import { FileValue, type FileValueProps } from './FileValue.tsx';

const stored: Record<string, object> = {
  p1: {
    id: 'p1',
    name: 'meter.jpg',
    size: 120_000,
    contentType: 'image/jpeg',
    createdAt: '2026-11-25T09:30:00Z',
    createdByName: 'Chan Mei',
    url: '/api/files/p1',
  },
  s1: {
    id: 's1',
    name: 'signature.png',
    size: 4_000,
    contentType: 'image/png',
    createdAt: '2026-11-25T09:30:00Z',
    createdByName: 'Chan Mei',
    url: '/api/files/s1',
  },
  f1: {
    id: 'f1',
    name: '送貨單.pdf',
    size: 2_048,
    contentType: 'application/pdf',
    createdAt: '2026-11-25T09:30:00Z',
    createdByName: 'Chan Mei',
    url: '/api/files/f1',
  },
};

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function show(props: FileValueProps, locale: 'en' | 'zh-Hant' = 'en') {
  globalThis.fetch = vi.fn((url: string | URL | Request) => {
    const id = /\/api\/files\/([^/]+)\/info$/.exec(String(url))?.[1] ?? '';
    const body = stored[id];
    return Promise.resolve(
      body
        ? new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
        : new Response(JSON.stringify({ statusCode: 404, code: 'file_not_found', error: 'Not Found', message: 'no' }), { status: 404 }),
    );
  }) as typeof fetch;
  render(
    <I18nextProvider i18n={createI18n(locale)}>
      <ApiProvider client={fakeApi()}>
        <FileValue {...props} />
      </ApiProvider>
    </I18nextProvider>,
  );
}

describe('FileValue (a stored file shown read-only)', () => {
  it('shows a photo as a thumbnail that opens the full picture', async () => {
    show({ fileId: 'p1', type: 'photo' });
    const img = await screen.findByRole('img', { name: 'Photo' });
    expect(img.getAttribute('src')).toBe('/api/files/p1');
    expect(img.closest('a')?.getAttribute('href')).toBe('/api/files/p1');
  });

  it('shows a signature with who signed it and when, in the UI language', async () => {
    show({ fileId: 's1', type: 'signature' }, 'zh-Hant');
    expect(await screen.findByText(/^由 Chan Mei 簽署 · 2026年11月25日/)).toBeTruthy();
  });

  it('shows any other file as a link with its size, and says when a file cannot be shown', async () => {
    show({ fileId: 'f1', type: 'file' });
    expect((await screen.findByRole('link', { name: '送貨單.pdf' })).getAttribute('href')).toBe('/api/files/f1');
    expect(screen.getByText('2 KB')).toBeTruthy();
  });

  it('says when there is no file, or one the viewer may not open', async () => {
    show({ fileId: 'gone', type: 'photo' });
    expect(await screen.findByText('This file cannot be shown')).toBeTruthy();
  });
});

// Test helpers for the pickers and the admin page: a fake API whose request() answers the directory.
import { LocaleProvider } from '../../i18n/LocaleProvider.tsx';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { vi } from 'vitest';
import type { ReactNode } from 'react';
import type { DirectoryUser } from '../../api/directory.ts';
import { ApiProvider } from '../../api/ApiContext.tsx';
import { createI18n } from '../../i18n/createI18n.ts';
import type { Locale } from '../../i18n/locale.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import type { Department } from '@formloom/schemas';

export const person = (id: string, name: string, over: Partial<DirectoryUser> = {}): DirectoryUser => ({
  id,
  name,
  email: `${id}@example.com`,
  departmentId: null,
  positions: [],
  disabled: false,
  ...over,
});

export const department = (id: string, en: string, parentId: string | null, path: string[], zh?: string): Department => ({
  id,
  name: zh ? { en, 'zh-Hant': zh } : { en },
  parentId,
  headUserId: null,
  path,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

type Handler = (method: string, url: URL, body: unknown) => unknown;

/**
 * A fake API client with request() for the directory: people are searched the way the server does
 * (name or email contains q, letter case ignored), departments and positions are returned as given.
 */
export function directoryApi(people: DirectoryUser[], departments: Department[] = [], positions: string[] = [], more?: Handler) {
  const request = vi.fn(async (method: string, path: string, body?: unknown) => {
    const url = new URL(path, 'http://test');
    const extra = more?.(method, url, body);
    if (extra !== undefined) return extra;
    if (url.pathname === '/api/directory/users') {
      const q = url.searchParams.get('q')?.toLowerCase() ?? '';
      const ids = url.searchParams.get('ids')?.split(',');
      const items = people.filter(
        (p) => (!ids || ids.includes(p.id)) && (!q || p.name.toLowerCase().includes(q) || p.email.toLowerCase().includes(q)),
      );
      return { items };
    }
    if (url.pathname === '/api/directory/departments') return { items: departments };
    if (url.pathname === '/api/directory/positions') return { items: positions };
    throw new Error(`unexpected ${method} ${path}`);
  });
  return Object.assign(fakeApi(), { request });
}

export function renderWithApi(ui: ReactNode, api: ReturnType<typeof directoryApi>, locale: Locale = 'en') {
  const i18n = createI18n(locale);
  return render(
    <I18nextProvider i18n={i18n}>
      <LocaleProvider i18n={i18n} storage={null}>
        <ApiProvider client={api}>{ui}</ApiProvider>
      </LocaleProvider>
    </I18nextProvider>,
  );
}

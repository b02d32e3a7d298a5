/**
 * Rendering the designer in tests: the providers the app sets up, a fake designer API whose every
 * method is a vi.fn, and the builder's own translations. Importing this file registers cleanup.
 */
import { act, cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, vi, type Mock } from 'vitest';
import {
  ApiError,
  ApiProvider,
  FormKitProvider,
  LocaleProvider,
  SessionProvider,
  createI18n,
  once,
  type Form,
  type HttpApiClient,
  type Locale,
} from '@formloom/runtime';
import { createDefaultFormKit } from '@formloom/runtime/formKit';
import { DesignerApiProvider } from '../../api/DesignerApiContext.tsx';
import type { DesignerApi, FormDocument } from '../../api/designerApi.ts';
import en from '../../i18n/en.json';
import zhHant from '../../i18n/zh-Hant.json';
import { Workspace } from '../Workspace.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

// jsdom lacks these.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

export type FakeDesignerApi = { [K in keyof DesignerApi]: DesignerApi[K] & Mock<DesignerApi[K]> };

export function form(doc: Partial<FormDocument> = {}, over: Partial<Form> = {}): Form {
  return {
    id: 'form1',
    appId: 'app1',
    name: 'Equipment check',
    status: 'draft',
    revision: 3,
    draft: {
      schema: doc.schema ?? {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        title: 'Equipment check',
        properties: {},
      },
      uiSchema: doc.uiSchema ?? {},
      workflow: null,
    },
    latestVersion: null,
    published: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

export function apiError(statusCode: number, code: string, message = code): ApiError {
  return new ApiError({ statusCode, code, error: 'Error', message });
}

/** A fake API: saves answer with the next revision; unstubbed calls reject so a test notices them. */
export function fakeDesignerApi(overrides: Partial<DesignerApi> = {}): FakeDesignerApi {
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected api.${name}() call`));
  const base: DesignerApi = {
    listApps: () => Promise.resolve([]),
    createApp: unexpected('createApp'),
    listForms: () => Promise.resolve([]),
    getForm: unexpected('getForm'),
    createForm: unexpected('createForm'),
    saveDraft: (formId, revision, patch) =>
      Promise.resolve(
        form({ schema: patch.schema, uiSchema: patch.uiSchema }, { id: formId, revision: revision + 1, name: patch.name ?? 'x' }),
      ),
    publish: unexpected('publish'),
    listVersions: () => Promise.resolve([]),
  };
  const merged = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).map(([k, fn]) => [k, vi.fn(fn as never)])) as unknown as FakeDesignerApi;
}

const http = {
  me: () =>
    Promise.resolve({
      user: { id: 'u1', email: 'b@example.com', name: 'Builder', role: 'builder', locale: null, createdAt: '' },
      csrfToken: 'c',
    }),
} as unknown as HttpApiClient;

// Compiling validators is the slow part: one kit per test file.
const kit = once(() => Promise.resolve(createDefaultFormKit()));

export function renderWorkspace({
  api = fakeDesignerApi(),
  theForm = form(),
  locale = 'en',
  reload = vi.fn(),
  client = http,
}: { api?: FakeDesignerApi; theForm?: Form; locale?: Locale; reload?: () => void; client?: HttpApiClient } = {}) {
  const i18n = createI18n(locale, { en, 'zh-Hant': zhHant });
  const utils = render(
    <ApiProvider client={client}>
      <DesignerApiProvider api={api}>
        <LocaleProvider i18n={i18n} storage={null}>
          <FormKitProvider load={kit}>
            <SessionProvider>
              <Workspace form={theForm} reload={reload} />
            </SessionProvider>
          </FormKitProvider>
        </LocaleProvider>
      </DesignerApiProvider>
    </ApiProvider>,
  );
  return { ...utils, api, reload, i18n };
}

/** A form with a few fields, as the server stores it. */
export const sampleForm = () =>
  form({
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      title: 'Equipment check',
      properties: {
        name: { type: 'string', title: 'Name' },
        temperature: { type: 'number', title: 'Temperature' },
        details: { type: 'object', title: 'Details', properties: { note: { type: 'string', title: 'Note' } } },
        feverish: {
          type: 'boolean',
          title: 'Feverish',
          oneOf: [
            { const: true, title: 'Yes' },
            { const: false, title: 'No' },
          ],
        },
      },
    },
    uiSchema: {
      'ui:order': ['name', 'temperature', 'details', 'feverish'],
      name: { 'ui:fieldType': 'text' },
      temperature: { 'ui:fieldType': 'number' },
      details: { 'ui:fieldType': 'section', note: { 'ui:fieldType': 'text' } },
      feverish: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio', 'ui:options': { inline: true } },
    },
  });

/** Fake timers that userEvent and the autosave debounce both follow. */
export function withFakeTimers() {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  return userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into the saved JSON
export type SavedDocument = { schema: Record<string, any>; uiSchema: Record<string, any>; name?: string };

/** Lets debounces run out and saves finish; returns the document the server got last. */
export async function lastSaved(api: FakeDesignerApi): Promise<SavedDocument> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(2000);
  });
  const calls = api.saveDraft.mock.calls;
  if (calls.length === 0) throw new Error('nothing was saved');
  return calls[calls.length - 1][2] as SavedDocument;
}

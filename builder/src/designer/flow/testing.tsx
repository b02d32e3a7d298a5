/**
 * Rendering the designer for flow editor tests: the same providers as testing/harness.tsx, with an
 * HTTP client that also answers the directory (for pickers and names) and the route simulation.
 */
import { render } from '@testing-library/react';
import { vi, type Mock } from 'vitest';
import {
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
import type { FlowDefinition, SimulateResult } from '@formloom/schemas';
import { DesignerApiProvider } from '../../api/DesignerApiContext.tsx';
import en from '../../i18n/en.json';
import zhHant from '../../i18n/zh-Hant.json';
import { fakeDesignerApi, form, type FakeDesignerApi } from '../testing/harness.tsx';
import { Workspace } from '../Workspace.tsx';

export const PEOPLE = [
  {
    id: '01900000-0000-7000-8000-000000000001',
    name: 'Alice Chan',
    email: 'alice@example.com',
    departmentId: null,
    positions: [],
    disabled: false,
  },
  {
    id: '01900000-0000-7000-8000-000000000002',
    name: 'Bob Lee',
    email: 'bob@example.com',
    departmentId: null,
    positions: ['HR Officer'],
    disabled: false,
  },
];

export type RequestMock = Mock<(method: string, path: string, body?: unknown) => Promise<unknown>>;

/** Answers the directory from PEOPLE; `simulate` answers the route simulation. */
export function fakeHttp(simulate: (body: unknown) => Promise<SimulateResult> = () => Promise.reject(new Error('no simulate'))) {
  const request: RequestMock = vi.fn(async (method: string, path: string, body?: unknown) => {
    const url = new URL(path, 'http://x');
    if (url.pathname === '/api/directory/users') {
      const ids = url.searchParams.get('ids')?.split(',');
      const q = url.searchParams.get('q')?.toLowerCase() ?? '';
      return { items: PEOPLE.filter((p) => (ids ? ids.includes(p.id) : p.name.toLowerCase().includes(q))) };
    }
    if (url.pathname === '/api/directory/departments') return { items: [] };
    if (url.pathname === '/api/directory/positions') return { items: ['HR Officer'] };
    if (url.pathname.endsWith('/workflow/simulate') && method === 'POST') return simulate(body);
    throw new Error(`unexpected ${method} ${path}`);
  });
  const http = {
    me: () =>
      Promise.resolve({
        user: { id: 'u1', email: 'b@example.com', name: 'Builder', role: 'builder', locale: null, createdAt: '' },
        csrfToken: 'c',
      }),
    request,
  } as unknown as HttpApiClient;
  return { http, request };
}

const kit = once(() => Promise.resolve(createDefaultFormKit()));

/** A leave form: leave type (a choice) and days (a number), with the given flow. */
export function leaveForm(workflow: FlowDefinition | null = null): Form {
  const base = form({
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      title: 'Leave request',
      properties: {
        leaveType: {
          type: 'string',
          title: 'Leave type',
          oneOf: [
            { const: 'annual', title: 'Annual' },
            { const: 'sick', title: 'Sick' },
          ],
        },
        days: { type: 'number', title: 'Days' },
      },
    },
    uiSchema: { 'ui:order': ['leaveType', 'days'], leaveType: { 'ui:fieldType': 'select' }, days: { 'ui:fieldType': 'number' } },
  });
  return { ...base, draft: { ...base.draft, workflow } };
}

export function renderFlowWorkspace({
  api = fakeDesignerApi(),
  theForm,
  locale = 'en',
  http = fakeHttp().http,
}: {
  api?: FakeDesignerApi;
  theForm: Form;
  locale?: Locale;
  http?: HttpApiClient;
}) {
  const i18n = createI18n(locale, { en, 'zh-Hant': zhHant });
  const utils = render(
    <ApiProvider client={http}>
      <DesignerApiProvider api={api}>
        <LocaleProvider i18n={i18n} storage={null}>
          <FormKitProvider load={kit}>
            <SessionProvider>
              <Workspace form={theForm} reload={vi.fn()} />
            </SessionProvider>
          </FormKitProvider>
        </LocaleProvider>
      </DesignerApiProvider>
    </ApiProvider>,
  );
  return { ...utils, api };
}

/**
 * Rendering the designer for flow editor tests: testing/harness.tsx's renderWorkspace with an HTTP
 * client that also answers the directory (for pickers and names) and the route simulation.
 */
import { vi, type Mock } from 'vitest';
import type { Form, HttpApiClient, Locale } from '@formloom/runtime';
import type { FlowDefinition, SimulateResult } from '@formloom/schemas';
import { fakeDesignerApi, form, renderWorkspace, type FakeDesignerApi } from '../testing/harness.tsx';

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

/** The designer with an HTTP client that answers the directory and the simulation (see fakeHttp). */
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
  return renderWorkspace({ api, theForm, locale, client: http });
}

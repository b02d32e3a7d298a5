import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AdminUser, OrgImportPreview } from '@formloom/schemas';
import { department, directoryApi, person } from '../../components/pickers/testDirectory.tsx';
import { session } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const departments = [
  department('d1', 'Operations', null, ['Operations'], '營運部'),
  department('d2', 'Warehouse', 'd1', ['Operations', 'Warehouse'], '倉庫'),
];
const adminUser = (id: string, name: string, over: Partial<AdminUser> = {}): AdminUser => ({
  id,
  email: `${id}@example.com`,
  name,
  role: 'member',
  locale: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  departmentId: null,
  managerId: null,
  positions: [],
  disabled: false,
  ...over,
});
const users = [
  adminUser('u0', 'Admin', { role: 'admin' }),
  adminUser('u1', '陳大文', { departmentId: 'd2', positions: ['Storekeeper'] }),
  adminUser('u2', 'Alice Lee', { departmentId: 'd1' }),
];
const people = users.map((u) => person(u.id, u.name, { departmentId: u.departmentId }));

function orgApi(role: 'admin' | 'member' = 'admin') {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const api = directoryApi(people, departments, ['Storekeeper'], (method, url, body) => {
    const path = url.pathname;
    if (method !== 'GET') calls.push({ method, path, body });
    if (path === '/api/auth/me') return session({ role, id: 'u0' });
    if (path === '/api/users' && method === 'GET') return { items: users };
    if (path === '/api/departments' && method === 'GET') return { items: departments };
    if (method === 'PATCH' && path.startsWith('/api/users/')) return { ...users.find((u) => path.endsWith(u.id))!, ...(body as object) };
    if (method === 'PATCH' && path.startsWith('/api/departments/')) return departments[0];
    if (method === 'PUT' && path.endsWith('/password')) return null;
    return undefined;
  });
  api.me.mockImplementation(() => Promise.resolve(session({ role, id: 'u0' })));
  return { api, calls };
}

const preview = (rows: OrgImportPreview['rows'], departmentsToCreate: string[] = []): OrgImportPreview => ({
  rows,
  departmentsToCreate,
  summary: {
    create: rows.filter((r) => r.action === 'create').length,
    update: rows.filter((r) => r.action === 'update').length,
    unchanged: rows.filter((r) => r.action === 'unchanged').length,
    error: rows.filter((r) => r.action === 'error').length,
  },
});

afterEach(() => vi.unstubAllGlobals());

describe('OrgAdminPage', () => {
  it('shows the department tree indented with heads and head counts, and renames a department', async () => {
    const { api, calls } = orgApi();
    renderApp('/admin/org', { api, locale: 'zh-Hant' });
    expect(await screen.findByRole('heading', { name: '組織架構' })).toBeTruthy();
    const tree = await screen.findByRole('list', { name: '部門' });
    const items = within(tree).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-depth'))).toEqual(['0', '1']);
    expect(items[1].textContent).toContain('倉庫');
    expect(items[1].textContent).toContain('1 人');
    await userEvent.click(within(items[1]).getByRole('button', { name: '編輯倉庫' }));
    const zh = screen.getByLabelText('名稱（中文）');
    await userEvent.clear(zh);
    await userEvent.type(zh, '貨倉');
    await userEvent.click(screen.getByRole('button', { name: '儲存' }));
    await waitFor(() => expect(calls).toContainEqual({ method: 'PATCH', path: '/api/departments/d2', body: expect.anything() }));
    expect(calls[0].body).toEqual({ name: { en: 'Warehouse', 'zh-Hant': '貨倉' }, parentId: 'd1', headUserId: null });
  });

  it('lists people, filters them, and sets a manager with the people picker by keyboard', async () => {
    const { api, calls } = orgApi();
    renderApp('/admin/org', { api });
    await userEvent.click(await screen.findByRole('tab', { name: 'People' }));
    expect(await screen.findByText('3 people')).toBeTruthy();
    await userEvent.selectOptions(screen.getByLabelText('Department', { selector: 'select#org-people-department' }), 'd2');
    expect(screen.getByText('1 person')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Edit 陳大文' }));
    const manager = screen.getByRole('combobox', { name: 'Manager' });
    await userEvent.type(manager, 'alice');
    await screen.findByRole('option', { name: /Alice Lee/ });
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls).toEqual([{ method: 'PATCH', path: '/api/users/u1', body: { managerId: 'u2' } }]));
  });

  it('sets a password for a person, refusing a short one before asking the server', async () => {
    const { api, calls } = orgApi();
    renderApp('/admin/org', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('tab', { name: '人員' }));
    await userEvent.click(await screen.findByRole('button', { name: '編輯Alice Lee' }));
    const password = screen.getByLabelText('新密碼');
    await userEvent.type(password, 'short');
    await userEvent.click(screen.getByRole('button', { name: '設定密碼' }));
    expect((await screen.findByRole('alert')).textContent).toBe('密碼最少要有 10 個字元。');
    expect(calls).toEqual([]);
    await userEvent.type(password, '-but-long-now');
    await userEvent.click(screen.getByRole('button', { name: '設定密碼' }));
    await screen.findByText('Alice Lee 現在可以用新密碼登入。');
    expect(calls).toEqual([{ method: 'PUT', path: '/api/org/users/u2/password', body: { password: 'short-but-long-now' } }]);
    expect((password as HTMLInputElement).value).toBe('');
  });

  it('previews a CSV with each row’s errors, refuses to import it, then imports the fixed file and shows the tree', async () => {
    const { api } = orgApi();
    const bad = preview([
      { line: 2, email: 'chan@example.com', action: 'create', changes: ['name', 'department'], errors: [] },
      {
        line: 3,
        email: 'lee@example.com',
        action: 'error',
        changes: [],
        errors: [
          { column: 'manager', code: 'manager_unknown', message: 'No one has the email x@example.com', params: { email: 'x@example.com' } },
        ],
      },
    ]);
    const good = preview(
      [
        { line: 2, email: 'chan@example.com', action: 'create', changes: ['name', 'department'], errors: [] },
        { line: 3, email: 'lee@example.com', action: 'create', changes: ['name', 'manager'], errors: [] },
      ],
      ['Operations/Yard'],
    );
    const answers = [bad, good, good];
    const fetchMock = vi.fn(
      async () => new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);

    renderApp('/admin/org', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('tab', { name: '匯入 CSV' }));
    const input = screen.getByLabelText('CSV 檔案') as HTMLInputElement;
    await userEvent.upload(input, new File(['email,name\n'], 'org.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: '檢查檔案' }));
    const errorRow = await screen.findByText('lee@example.com');
    expect(errorRow.closest('tr')!.textContent).toContain('上司: 檔案內及系統內都沒有電郵為 x@example.com 的人');
    expect(screen.getByText('1 行有錯誤')).toBeTruthy();
    expect((screen.getByRole('button', { name: '匯入 1 人' }) as HTMLButtonElement).disabled).toBe(true);
    expect(fetchMock).toHaveBeenCalledWith('/api/org/import/preview', expect.objectContaining({ method: 'POST', body: expect.any(File) }));

    await userEvent.upload(input, new File(['email,name\n'], 'org-fixed.csv', { type: 'text/csv' }));
    await userEvent.click(screen.getByRole('button', { name: '檢查檔案' }));
    expect(await screen.findByText('新部門：Operations/Yard')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '匯入 2 人' }));
    expect(await screen.findByText('已匯入：新增 2 人，更改 0 人，新增 1 個部門。')).toBeTruthy();
    expect(fetchMock).toHaveBeenLastCalledWith('/api/org/import', expect.objectContaining({ method: 'POST' }));
    expect((await screen.findByRole('tab', { name: '部門' })).getAttribute('aria-selected')).toBe('true');
    expect(await screen.findByRole('list', { name: '部門' })).toBeTruthy();
  });

  it('is for admins only: no header link and a plain refusal for members', async () => {
    const { api } = orgApi('member');
    renderApp('/admin/org', { api });
    expect(await screen.findByText('Only admins can manage the organization.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Organization' })).toBeNull();
    expect(api.request).not.toHaveBeenCalledWith('GET', '/api/users');
  });

  it('shows admins the header link', async () => {
    const { api } = orgApi();
    renderApp('/', { api });
    expect((await screen.findByRole('link', { name: 'Organization' })).getAttribute('href')).toBe('/admin/org');
  });
});

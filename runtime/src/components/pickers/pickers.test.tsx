import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DepartmentPicker } from './DepartmentPicker.tsx';
import { PositionPicker } from './PositionPicker.tsx';
import { UserPicker } from './UserPicker.tsx';
import { department, directoryApi, person, renderWithApi } from './testDirectory.tsx';

const people = [
  person('u1', '陳大文', { email: 'tai.man@example.com', departmentId: 'd2' }),
  person('u2', 'Alice Lee', { departmentId: 'd1' }),
  person('u3', 'Alan Wong'),
];
const departments = [
  department('d1', 'Operations', null, ['Operations'], '營運部'),
  department('d2', 'Warehouse', 'd1', ['Operations', 'Warehouse'], '倉庫'),
];

function Controlled({
  initial = null,
  onChange,
  excludeIds,
}: {
  initial?: string | null;
  onChange?: (id: string | null) => void;
  excludeIds?: string[];
}) {
  const [value, setValue] = useState<string | null>(initial);
  return (
    <UserPicker
      label="Approver"
      value={value}
      excludeIds={excludeIds}
      onChange={(id) => {
        setValue(id);
        onChange?.(id);
      }}
    />
  );
}

describe('UserPicker', () => {
  it('searches as you type and picks with the arrow keys and Enter, showing email and department', async () => {
    const onChange = vi.fn();
    const api = directoryApi(people, departments);
    renderWithApi(<Controlled onChange={onChange} />, api);
    const box = screen.getByRole('combobox', { name: 'Approver' });
    await userEvent.type(box, 'al');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Alice Leeu2@example.com · Operations', 'Alan Wongu3@example.com']);
    expect(api.request).toHaveBeenCalledWith('GET', '/api/directory/users?q=al&limit=20');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1].id);
    expect(options[1].getAttribute('aria-selected')).toBe('true');
    await userEvent.keyboard('{ArrowDown}'); // wraps to the first
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0].id);
    await userEvent.keyboard('{Enter}');
    expect(onChange).toHaveBeenCalledWith('u2');
    expect((box as HTMLInputElement).value).toBe('Alice Lee');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByText('u2@example.com · Operations')).toBeTruthy();
  });

  it('finds Chinese names, shows a looked-up name for a stored id, and clears', async () => {
    const onChange = vi.fn();
    const api = directoryApi(people, departments);
    renderWithApi(<Controlled initial="u1" onChange={onChange} />, api, 'zh-Hant');
    const box = screen.getByRole('combobox', { name: 'Approver' }) as HTMLInputElement;
    await waitFor(() => expect(box.value).toBe('陳大文'));
    expect(await screen.findByText('tai.man@example.com · 營運部 / 倉庫')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '清除' }));
    expect(onChange).toHaveBeenCalledWith(null);
    expect(box.value).toBe('');
    expect(document.activeElement).toBe(box);
    await userEvent.type(box, '大文');
    expect((await screen.findAllByRole('option')).map((o) => o.querySelector('.fl-picker__name')?.textContent)).toEqual(['陳大文']);
  });

  it('leaves out excluded people, says when no one matches, and Escape puts the chosen name back', async () => {
    const api = directoryApi(people, departments);
    renderWithApi(<Controlled initial="u3" excludeIds={['u2']} />, api);
    const box = screen.getByRole('combobox', { name: 'Approver' }) as HTMLInputElement;
    await waitFor(() => expect(box.value).toBe('Alan Wong'));
    await userEvent.clear(box);
    await userEvent.type(box, 'alice');
    expect(await screen.findByText('No one matches')).toBeTruthy();
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    await userEvent.keyboard('{Escape}');
    expect(box.value).toBe('Alan Wong');
  });

  it('says so when a stored id is no longer an enabled person', async () => {
    const api = directoryApi(people);
    renderWithApi(<Controlled initial="gone" />, api);
    const box = screen.getByRole('combobox', { name: 'Approver' }) as HTMLInputElement;
    await waitFor(() => expect(box.value).toBe('Unknown or disabled person'));
  });
});

describe('DepartmentPicker', () => {
  it('lists the tree indented by depth in the UI language and picks or clears a department', async () => {
    const onChange = vi.fn();
    const api = directoryApi([], departments);
    renderWithApi(<DepartmentPicker label="部門" value={null} onChange={onChange} />, api, 'zh-Hant');
    const select = screen.getByRole('combobox', { name: '部門' }) as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    expect([...select.options].map((o) => o.textContent)).toEqual(['沒有部門', '營運部', '\u00a0\u00a0\u00a0倉庫']);
    await userEvent.selectOptions(select, 'd2');
    expect(onChange).toHaveBeenLastCalledWith('d2');
    await userEvent.selectOptions(select, '');
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});

describe('PositionPicker', () => {
  it('takes free text and suggests the positions people hold', async () => {
    const onChange = vi.fn();
    const api = directoryApi([], [], ['Clerk', 'Finance Director']);
    renderWithApi(<PositionPicker label="Position" value="" onChange={onChange} />, api);
    const input = screen.getByLabelText('Position') as HTMLInputElement;
    const list = document.getElementById(input.getAttribute('list')!)!;
    await waitFor(() => expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual(['Clerk', 'Finance Director']));
    await act(async () => userEvent.type(input, 'C'));
    expect(onChange).toHaveBeenLastCalledWith('C');
  });
});

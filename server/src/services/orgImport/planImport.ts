/**
 * Compares the parsed rows with the stored org chart: what each row would create or change, which
 * departments are missing, and the errors only the whole picture shows (an unknown or disabled
 * manager, managers that would loop, an admin demoting themselves).
 */
import type { OrgImportPreview, OrgImportRow } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';
import { listDepartments, positionsByUser } from '../organization.ts';
import type { ParsedRow } from './parseRows.ts';

const nameKey = (name: string) => name.trim().toLowerCase();
export const departmentKey = (path: string[]) => path.map(nameKey).join('/');

interface StoredUser {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string | null;
  department_id: string | null;
  manager_id: string | null;
  disabled_at: string | null;
}

export interface ImportPlan {
  preview: OrgImportPreview;
  rows: ParsedRow[];
  /** Stored users by email (lower case). */
  existing: Map<string, StoredUser>;
  /** Stored departments by path key. */
  departments: Map<string, string>;
  /** Missing department paths, parents before children, as written in the file (first spelling wins). */
  departmentsToCreate: string[][];
}

/** Positions as setPositions stores them: trimmed, once per letter case, sorted by their lower-case key. */
function normalizedPositions(positions: string[]): string[] {
  const unique = new Map<string, string>();
  for (const p of positions) if (!unique.has(nameKey(p))) unique.set(nameKey(p), p.trim());
  return [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

export async function planImport(db: Db, rows: ParsedRow[], actorEmail: string): Promise<ImportPlan> {
  const users: StoredUser[] = await db('users').select(
    'id',
    'email',
    'name',
    'role',
    'locale',
    'department_id',
    'manager_id',
    'disabled_at',
  );
  const existing = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const emailById = new Map(users.map((u) => [u.id, u.email.toLowerCase()]));
  const positions = await positionsByUser(db);
  const departments = new Map((await listDepartments(db)).map((d) => [departmentKey(d.path), d.id]));
  const inFile = new Map(rows.filter((r) => r.email).map((r) => [r.email, r]));

  // Missing departments, each prefix once, parents first.
  const toCreate = new Map<string, string[]>();
  for (const row of rows) {
    for (let depth = 1; depth <= (row.department?.length ?? 0); depth++) {
      const path = row.department!.slice(0, depth);
      const key = departmentKey(path);
      if (!departments.has(key) && !toCreate.has(key)) toCreate.set(key, path);
    }
  }

  // The manager of everyone after the import, by email: the file's column wins over what is stored.
  const managerAfter = new Map<string, string | null>();
  for (const u of users) managerAfter.set(u.email.toLowerCase(), u.manager_id ? (emailById.get(u.manager_id) ?? null) : null);
  for (const row of rows) if (row.email && row.manager !== undefined) managerAfter.set(row.email, row.manager);

  for (const row of rows) {
    if (!row.email) continue;
    const stored = existing.get(row.email);
    if (row.manager) {
      const managerStored = existing.get(row.manager);
      const email = row.manager;
      if (!inFile.has(email) && !managerStored) {
        fail(row, 'manager_unknown', `No one has the email ${email}, in this file or already; add them or fix the email.`, { email });
      } else if (managerStored?.disabled_at) {
        fail(row, 'manager_disabled', `${email} is disabled and cannot be a manager.`, { email });
      } else {
        const loop = managerLoop(row.email, managerAfter);
        const chain = loop?.join(' → ');
        if (chain) fail(row, 'manager_loop', `The managers would go round in a loop: ${chain}.`, { chain });
      }
    }
    if (row.email === actorEmail.toLowerCase() && row.role && row.role !== 'admin' && stored?.role === 'admin') {
      row.errors.push({ column: 'role', code: 'role_self_demote', message: 'You cannot remove your own admin role; ask another admin.' });
    }
  }

  const out: OrgImportRow[] = rows.map((row) => {
    const base = { line: row.line, email: row.email };
    if (row.errors.length > 0) return { ...base, action: 'error', changes: [], errors: row.errors };
    const stored = existing.get(row.email);
    if (!stored) {
      const changes = ['name'];
      if (row.department?.length) changes.push('department');
      if (row.manager) changes.push('manager');
      if (row.positions?.length) changes.push('positions');
      if (row.role) changes.push('role');
      if (row.locale) changes.push('locale');
      return { ...base, action: 'create', changes, errors: [] };
    }
    const changes: string[] = [];
    if (row.name !== stored.name) changes.push('name');
    if (row.department !== undefined) {
      const departmentId = row.department.length ? (departments.get(departmentKey(row.department)) ?? 'new') : null;
      if (departmentId !== stored.department_id) changes.push('department');
    }
    if (row.manager !== undefined) {
      const current = stored.manager_id ? (emailById.get(stored.manager_id) ?? null) : null;
      if (row.manager !== current) changes.push('manager');
    }
    if (row.positions !== undefined) {
      const before = normalizedPositions(positions.get(stored.id) ?? []);
      const after = normalizedPositions(row.positions);
      if (before.join('\n') !== after.join('\n')) changes.push('positions');
    }
    if (row.role && row.role !== stored.role) changes.push('role');
    if (row.locale && row.locale !== stored.locale) changes.push('locale');
    return { ...base, action: changes.length ? 'update' : 'unchanged', changes, errors: [] };
  });

  const count = (action: OrgImportRow['action']) => out.filter((r) => r.action === action).length;
  return {
    preview: {
      rows: out,
      departmentsToCreate: [...toCreate.values()].map((path) => path.join('/')),
      summary: { create: count('create'), update: count('update'), unchanged: count('unchanged'), error: count('error') },
    },
    rows,
    existing,
    departments,
    departmentsToCreate: [...toCreate.values()],
  };
}

function fail(row: ParsedRow, code: string, message: string, params: Record<string, string>): void {
  row.errors.push({ column: 'manager', code, message, params });
}

/** The loop of managers starting at `email` (["a", "b", "a"]), or null when the chain ends. */
function managerLoop(email: string, managerOf: Map<string, string | null>): string[] | null {
  const chain = [email];
  const seen = new Set(chain);
  for (let at = managerOf.get(email); at; at = managerOf.get(at)) {
    chain.push(at);
    if (at === email) return chain;
    if (seen.has(at)) return null; // a loop further up that does not include this person: reported on its own rows
    seen.add(at);
  }
  return null;
}

/**
 * An org-chart file's rows as people and their place in the chart, each cell checked on its own.
 * What needs the stored chart (does the manager exist, would it loop) is checked in planImport.
 */
import { ORG_IMPORT_COLUMNS, type OrgImportColumn, type OrgImportRowError } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import type { Cell, ImportTable } from '../imports/readFile.ts';

export const ORG_IMPORT_LIMITS = { rows: 5_000, nameLength: 200, positions: 50, positionLength: 200, departmentDepth: 20 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ROLES = ['admin', 'builder', 'member'] as const;
const LOCALES: Record<string, 'en' | 'zh-Hant'> = { en: 'en', 'zh-hant': 'zh-Hant' };

/**
 * One row as read. A column the file does not have is `undefined` (left as it is); a blank cell in a
 * column it has clears the department, manager or positions. Role and locale are never cleared by a
 * blank cell: a new person gets member / no language, an existing one keeps theirs (a blank cell
 * must not demote an admin).
 */
export interface ParsedRow {
  line: number;
  email: string;
  name: string;
  /** Department names from the root down; [] clears the department. */
  department?: string[];
  /** The manager's email (lower case); null clears it. */
  manager?: string | null;
  positions?: string[];
  role?: (typeof ROLES)[number];
  locale?: 'en' | 'zh-Hant';
  errors: OrgImportRowError[];
}

const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : String(cell).trim());

/** Which column of the file holds each known column; refuses files without email and name or with unknown columns. */
function columnIndexes(columns: string[]): Partial<Record<OrgImportColumn, number>> {
  const out: Partial<Record<OrgImportColumn, number>> = {};
  const unknown: string[] = [];
  columns.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if ((ORG_IMPORT_COLUMNS as readonly string[]).includes(name) && out[name as OrgImportColumn] === undefined) {
      out[name as OrgImportColumn] = i;
    } else unknown.push(raw);
  });
  const expected = ORG_IMPORT_COLUMNS.join(', ');
  if (unknown.length > 0) {
    throw new UnprocessableError(
      'import_unknown_columns',
      `The file has columns an org chart does not: ${unknown.join(', ')}. Use the header row ${expected}.`,
      unknown.map((column) => ({ path: column, message: 'unknown column' })),
    );
  }
  const missing = (['email', 'name'] as const).filter((c) => out[c] === undefined);
  if (missing.length > 0) {
    throw new UnprocessableError(
      'import_missing_columns',
      `The file needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} in its header row (${expected}).`,
      missing.map((column) => ({ path: column, message: 'missing column' })),
    );
  }
  return out;
}

export function parseRows(table: ImportTable): ParsedRow[] {
  const at = columnIndexes(table.columns);
  if (table.rows.length > ORG_IMPORT_LIMITS.rows) {
    throw new UnprocessableError('import_too_many_rows', `An org-chart file may have at most ${ORG_IMPORT_LIMITS.rows} people; split it.`);
  }
  const firstLine = new Map<string, number>();
  return table.rows.map(({ row, cells }) => {
    const cell = (column: OrgImportColumn) => (at[column] === undefined ? undefined : text(cells[at[column]!]));
    const errors: OrgImportRowError[] = [];
    const fail = (column: OrgImportColumn, code: string, message: string, params?: Record<string, string>) =>
      errors.push({ column, code, message, ...(params ? { params } : {}) });

    const email = cell('email')!.toLowerCase();
    if (!email) fail('email', 'email_required', 'An email is required: it is how a person is matched and signs in.');
    else if (!EMAIL.test(email) || email.length > 254)
      fail('email', 'email_invalid', `"${email}" is not an email address.`, { value: email });
    else if (firstLine.has(email))
      fail('email', 'email_duplicate', `This email is on line ${firstLine.get(email)} already.`, { line: String(firstLine.get(email)) });
    else firstLine.set(email, row);

    const name = cell('name')!;
    if (!name) fail('name', 'name_required', 'A name is required.');
    else if (name.length > ORG_IMPORT_LIMITS.nameLength)
      fail('name', 'name_too_long', `A name may be at most ${ORG_IMPORT_LIMITS.nameLength} characters.`);

    const out: ParsedRow = { line: row, email, name, errors };

    const department = cell('department');
    if (department !== undefined) {
      const parts = department ? department.split('/').map((p) => p.trim()) : [];
      if (parts.some((p) => !p))
        fail('department', 'department_empty_level', `"${department}" has an empty level; write a path like Operations/Warehouse.`, {
          value: department,
        });
      else if (parts.some((p) => p.length > ORG_IMPORT_LIMITS.nameLength))
        fail('department', 'department_too_long', 'A department name may be at most 200 characters.');
      else if (parts.length > ORG_IMPORT_LIMITS.departmentDepth)
        fail('department', 'department_too_deep', 'A department path may be at most 20 levels deep.');
      else out.department = parts;
    }

    const manager = cell('manager');
    if (manager !== undefined) {
      const managerEmail = manager.toLowerCase();
      if (managerEmail && !EMAIL.test(managerEmail))
        fail('manager', 'manager_invalid', `"${manager}" is not an email address; give the manager's email.`, { value: manager });
      else if (managerEmail && managerEmail === email) fail('manager', 'manager_self', 'A person cannot be their own manager.');
      else out.manager = managerEmail || null;
    }

    const positions = cell('positions');
    if (positions !== undefined) {
      const list = positions
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
      if (list.length > ORG_IMPORT_LIMITS.positions)
        fail('positions', 'positions_too_many', `A person may hold at most ${ORG_IMPORT_LIMITS.positions} positions.`);
      else if (list.some((p) => p.length > ORG_IMPORT_LIMITS.positionLength))
        fail('positions', 'position_too_long', 'A position may be at most 200 characters.');
      else out.positions = list;
    }

    const role = cell('role')?.toLowerCase();
    if (role) {
      if ((ROLES as readonly string[]).includes(role)) out.role = role as ParsedRow['role'];
      else fail('role', 'role_invalid', `"${cell('role')}" is not a role; use admin, builder or member.`, { value: cell('role')! });
    }

    const locale = cell('locale');
    if (locale) {
      const known = LOCALES[locale.toLowerCase()];
      if (known) out.locale = known;
      else fail('locale', 'locale_invalid', `"${locale}" is not a language here; use en or zh-Hant.`, { value: locale });
    }
    return out;
  });
}

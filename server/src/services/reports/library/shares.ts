/**
 * Who a dashboard is shared with. A share names a role, a department (its sub-departments
 * included), a position (letter case ignored) or a person; a person matches it through the keys
 * below, so "shared with me" is one indexed query on dashboard_shares (kind, value).
 */
import type { DashboardShare, User } from '@formloom/schemas';
import { BadRequestError } from '../../../lib/errors.ts';
import type { DashboardShareRow, ShareKey } from '../../../repositories/dashboards.ts';
import type { Db } from '../../../repositories/types.ts';
import { positionKey, userFacts } from '../../principals.ts';

/**
 * Every share key that matches the user: their role, their own id, each of their positions, and
 * their department with every department above it (a share to a department reaches its sub-departments).
 */
export async function shareKeysOf(db: Db, user: User): Promise<ShareKey[]> {
  const facts = await userFacts(db, user);
  return [
    { kind: 'role', value: user.role },
    { kind: 'user', value: user.id },
    ...facts.departmentIds.map((value) => ({ kind: 'department' as const, value })),
    ...facts.positions.map((value) => ({ kind: 'position' as const, value })),
  ];
}

/** The stored keys of a dashboard's shares, each once; unknown departments and people answer 400 invalid_dashboard. */
export async function checkedShareKeys(db: Db, shares: readonly DashboardShare[]): Promise<ShareKey[]> {
  const problems: { path: string; message: string }[] = [];
  const known = async (table: 'departments' | 'users', ids: string[]) =>
    new Set(ids.length ? ((await db(table).whereIn('id', ids).select('id')) as { id: string }[]).map((r) => r.id) : []);
  const departments = await known(
    'departments',
    shares.flatMap((s) => (s.kind === 'department' ? [s.departmentId] : [])),
  );
  const users = await known(
    'users',
    shares.flatMap((s) => (s.kind === 'user' ? [s.userId] : [])),
  );
  const keys = new Map<string, ShareKey>();
  shares.forEach((share, i) => {
    let key: ShareKey;
    if (share.kind === 'role') key = { kind: 'role', value: share.role };
    else if (share.kind === 'position') key = { kind: 'position', value: positionKey(share.position) };
    else if (share.kind === 'department') {
      if (!departments.has(share.departmentId))
        problems.push({
          path: `shares.${i}.departmentId`,
          message: `There is no department ${share.departmentId}; pick one from GET /api/departments.`,
        });
      key = { kind: 'department', value: share.departmentId };
    } else {
      if (!users.has(share.userId))
        problems.push({ path: `shares.${i}.userId`, message: `There is no user ${share.userId}; pick one from the directory.` });
      key = { kind: 'user', value: share.userId };
    }
    keys.set(`${key.kind}|${key.value}`, key);
  });
  if (problems.length) throw new BadRequestError('invalid_dashboard', problems.map((p) => p.message).join(' '), problems);
  return [...keys.values()];
}

/**
 * Stored share rows back as DashboardShares. Positions are stored lower-cased for matching, so each
 * is shown as someone holding it spells it, when anyone does.
 */
export async function sharesFromRows(db: Db, rows: readonly DashboardShareRow[]): Promise<Map<string, DashboardShare[]>> {
  const positionKeys = [...new Set(rows.filter((r) => r.kind === 'position').map((r) => r.value))];
  const spelled = new Map<string, string>();
  if (positionKeys.length) {
    const held: { role: string; role_key: string }[] = await db('user_roles').whereIn('role_key', positionKeys).select('role', 'role_key');
    for (const p of held) if (!spelled.has(p.role_key)) spelled.set(p.role_key, p.role);
  }
  const out = new Map<string, DashboardShare[]>();
  for (const row of rows) {
    const list = out.get(row.dashboard_id) ?? [];
    list.push(shareOf(row, spelled));
    out.set(row.dashboard_id, list);
  }
  return out;
}

function shareOf(row: DashboardShareRow, spelled: Map<string, string>): DashboardShare {
  switch (row.kind) {
    case 'role':
      return { kind: 'role', role: row.value as 'admin' | 'builder' | 'member' };
    case 'department':
      return { kind: 'department', departmentId: row.value };
    case 'position':
      return { kind: 'position', position: spelled.get(row.value) ?? row.value };
    default:
      return { kind: 'user', userId: row.value };
  }
}

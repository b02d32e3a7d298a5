import type { OrgSnapshot } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';

/**
 * The whole org chart as the engine sees it, disabled users included (the engine never gives them
 * tasks, but a disabled manager still links the chain above them). Read inside the transaction
 * that steps the flow, so the people it resolves are the ones committed with the step.
 */
export async function loadOrgSnapshot(db: Db): Promise<OrgSnapshot> {
  // One after another: inside a transaction they share one connection.
  const users = await db('users').select('id', 'name', 'role', 'department_id', 'manager_id', 'disabled_at');
  const roles = await db('user_roles').select('user_id', 'role').orderBy('role_key');
  const departments = await db('departments').select('id', 'parent_id', 'head_user_id');
  const snapshot: OrgSnapshot = { users: {}, departments: {} };
  for (const u of users as UserRow[]) {
    snapshot.users[u.id] = {
      id: u.id,
      name: u.name,
      role: u.role,
      departmentId: u.department_id ?? null,
      managerId: u.manager_id ?? null,
      positions: [],
      disabled: Boolean(u.disabled_at),
    };
  }
  for (const r of roles as { user_id: string; role: string }[]) snapshot.users[r.user_id]?.positions.push(r.role);
  for (const d of departments as { id: string; parent_id: string | null; head_user_id: string | null }[]) {
    snapshot.departments[d.id] = { id: d.id, parentId: d.parent_id, headUserId: d.head_user_id };
  }
  return snapshot;
}

interface UserRow {
  id: string;
  name: string;
  role: 'admin' | 'builder' | 'member';
  department_id: string | null;
  manager_id: string | null;
  disabled_at: string | null;
}

/** Names of the given users (absent ones left out), for timelines and lists. */
export async function userNames(db: Db, ids: Iterable<string>): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await db('users').whereIn('id', unique).select('id', 'name');
  return new Map(rows.map((r) => [r.id, r.name]));
}

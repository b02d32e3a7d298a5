import type { ScheduleAudience } from '@formloom/schemas';
import type { Db } from '../../repositories/types.ts';

/** The ids of `roots` and every department below them (the tree is small: read once, walk in memory). */
export async function departmentSubtrees(db: Db, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows: { id: string; parent_id: string | null }[] = await db('departments').select('id', 'parent_id');
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parent_id) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r.id]);
  const found = new Set<string>();
  const queue = roots.filter((id) => rows.some((r) => r.id === id));
  while (queue.length) {
    const id = queue.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return [...found];
}

const CHUNK = 500;

/**
 * The enabled users a schedule's audience names: members of the departments (sub-departments
 * included), holders of the positions (letter case ignored) and the users listed. Sorted by id.
 */
export async function resolveAudience(db: Db, audience: ScheduleAudience): Promise<string[]> {
  const ids = new Set<string>();
  const enabled = () => db('users').whereNull('disabled_at');
  const departments = await departmentSubtrees(db, audience.departmentIds);
  for (let i = 0; i < departments.length; i += CHUNK) {
    const rows: { id: string }[] = await enabled()
      .whereIn('department_id', departments.slice(i, i + CHUNK))
      .select('id');
    rows.forEach((r) => ids.add(r.id));
  }
  const positionKeys = [...new Set(audience.positions.map((p) => p.trim().toLowerCase()))];
  if (positionKeys.length) {
    const rows: { id: string }[] = await enabled()
      .whereIn('id', db('user_roles').whereIn('role_key', positionKeys).select('user_id'))
      .select('id');
    rows.forEach((r) => ids.add(r.id));
  }
  for (let i = 0; i < audience.userIds.length; i += CHUNK) {
    const rows: { id: string }[] = await enabled()
      .whereIn('id', audience.userIds.slice(i, i + CHUNK))
      .select('id');
    rows.forEach((r) => ids.add(r.id));
  }
  return [...ids].sort();
}

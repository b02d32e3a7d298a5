/**
 * The principals a user matches, as the strings grants and field rules store (models/app.ts
 * `Principal`): `*`, their own id, `role:<role>`, `department:<id>` for their department and every
 * department above it (a grant to a department reaches its sub-departments) and `position:<name>`
 * (letter case ignored). Dashboard shares use the same facts through their own key shape.
 */
import type { User } from '@formloom/schemas';
import type { Db } from '../repositories/types.ts';

export const positionKey = (position: string) => position.trim().toLowerCase();

export interface UserFacts {
  departmentIds: string[];
  positions: string[];
}

/** The user's department and the departments above it (nearest first), and their positions. */
export async function userFacts(db: Db, user: Pick<User, 'id'>): Promise<UserFacts> {
  const departmentIds: string[] = [];
  const row: { department_id: string | null } | undefined = await db('users').where({ id: user.id }).first('department_id');
  if (row?.department_id) {
    // The tree is small: read it once and walk up in memory; `seen` ends a loop left in old data.
    const parents = new Map<string, string | null>(
      ((await db('departments').select('id', 'parent_id')) as { id: string; parent_id: string | null }[]).map((d) => [d.id, d.parent_id]),
    );
    const seen = new Set<string>();
    for (let id: string | null | undefined = row.department_id; id && !seen.has(id); id = parents.get(id)) {
      seen.add(id);
      departmentIds.push(id);
    }
  }
  const positions: { role_key: string }[] = await db('user_roles').where({ user_id: user.id }).select('role_key');
  return { departmentIds, positions: positions.map((p) => p.role_key) };
}

export function principalKeysFrom(user: Pick<User, 'id' | 'role'>, facts: UserFacts): string[] {
  return [
    '*',
    user.id,
    `role:${user.role}`,
    ...facts.departmentIds.map((id) => `department:${id}`),
    ...facts.positions.map((p) => `position:${positionKey(p)}`),
  ];
}

export async function principalKeysOf(db: Db, user: Pick<User, 'id' | 'role'>): Promise<string[]> {
  return principalKeysFrom(user, await userFacts(db, user));
}

/** The stored form of a principal: positions compare without letter case. */
export function storedPrincipal(principal: string): string {
  return principal.startsWith('position:') ? `position:${positionKey(principal.slice('position:'.length))}` : principal;
}

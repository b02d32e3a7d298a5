import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from '@formloom/schemas';
import type { Knex } from 'knex';
import { isUniqueViolation, nowIso } from '../db/dialect.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Db } from '../repositories/types.ts';

/**
 * The org chart: departments as a tree with a head, users with a department, a direct manager and
 * positions. Approval flows resolve approvers through the lookups at the end of this module.
 */

interface DepartmentRow {
  id: string;
  name: string;
  name_zh: string | null;
  name_key: string;
  parent_id: string | null;
  parent_key: string;
  head_user_id: string | null;
  created_at: string;
  updated_at: string;
}

const nameKey = (name: string) => name.trim().toLowerCase();

/** Any advisory-lock key of our own: it only has to differ from other features' keys. */
const ORG_CHART_LOCK = 0x6f7267;

/**
 * Serializes changes to the shape of the chart (parents, managers) until the transaction ends, so two
 * concurrent moves that are each fine alone cannot together make a loop. SQLite already has one writer.
 */
export async function lockOrgChart(db: Db): Promise<void> {
  if (db.client.config.client === 'pg') await db.raw('SELECT pg_advisory_xact_lock(?)', [ORG_CHART_LOCK]);
}

/** A 422 that names the offending body field, the way request validation does. */
function fieldError(code: string, field: string, message: string): UnprocessableError {
  return new UnprocessableError(code, message, [{ path: field, message }]);
}

async function requireActiveUser(db: Db, id: string, field: string, what: string): Promise<void> {
  const user = await db('users').where({ id }).first('id', 'disabled_at');
  if (!user) throw fieldError('unknown_user', field, `No user has the id ${id}; pick the ${what} from GET /api/users.`);
  if (user.disabled_at) throw fieldError('user_disabled', field, `The user ${id} is disabled and cannot be the ${what}.`);
}

async function requireDepartment(db: Db, id: string, field: string): Promise<DepartmentRow> {
  const row = await db<DepartmentRow>('departments').where({ id }).first();
  if (!row) throw fieldError('unknown_department', field, `No department has the id ${id}; pick one from GET /api/departments.`);
  return row;
}

/** Every department, each with its names from the root, ordered depth-first with siblings by name. */
export async function listDepartments(db: Db): Promise<Department[]> {
  const rows = await db<DepartmentRow>('departments').select();
  const children = new Map<string, DepartmentRow[]>();
  for (const row of rows) {
    const siblings = children.get(row.parent_key) ?? [];
    siblings.push(row);
    children.set(row.parent_key, siblings);
  }
  const out: Department[] = [];
  const walk = (parentKey: string, path: string[]) => {
    const siblings = (children.get(parentKey) ?? []).sort((a, b) => a.name_key.localeCompare(b.name_key) || a.id.localeCompare(b.id));
    for (const row of siblings) {
      const own = [...path, row.name];
      out.push(toDepartment(row, own));
      walk(row.id, own);
    }
  };
  walk('', []);
  return out;
}

function toDepartment(row: DepartmentRow, path: string[]): Department {
  return {
    id: row.id,
    name: row.name_zh ? { en: row.name, 'zh-Hant': row.name_zh } : { en: row.name },
    parentId: row.parent_id,
    headUserId: row.head_user_id,
    path,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function departmentById(db: Db, id: string): Promise<Department> {
  const found = (await listDepartments(db)).find((d) => d.id === id);
  if (!found) throw new NotFoundError('department_not_found', `No department has the id ${id}.`);
  return found;
}

function nameTaken(err: unknown, name: string): unknown {
  if (!isUniqueViolation(err)) return err;
  return new ConflictError('department_name_taken', `The parent department already has a department named "${name}"; pick another name.`);
}

export async function createDepartment(knex: Knex, input: CreateDepartmentBody, actorId: string): Promise<Department> {
  const now = nowIso();
  const id = newId();
  try {
    await knex.transaction(async (trx) => {
      if (input.parentId) await requireDepartment(trx, input.parentId, 'parentId');
      if (input.headUserId) await requireActiveUser(trx, input.headUserId, 'headUserId', 'department head');
      await trx('departments').insert({
        id,
        name: input.name.en,
        name_zh: input.name['zh-Hant'] ?? null,
        name_key: nameKey(input.name.en),
        parent_id: input.parentId ?? null,
        parent_key: input.parentId ?? '',
        head_user_id: input.headUserId ?? null,
        created_at: now,
        updated_at: now,
      });
      await appendEvent(trx, { type: 'department.created', actorId, payload: { departmentId: id, parentId: input.parentId ?? null } });
    });
  } catch (err) {
    throw nameTaken(err, input.name.en);
  }
  return departmentById(knex, id);
}

/** Refuses a parent that is the department itself or one of its descendants. */
async function assertNoDepartmentCycle(db: Db, id: string, newParentId: string): Promise<void> {
  let cursor: string | null = newParentId;
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor)) {
    if (cursor === id) {
      throw fieldError('department_cycle', 'parentId', 'A department cannot move under itself or one of its own sub-departments.');
    }
    seen.add(cursor);
    const row: { parent_id: string | null } | undefined = await db('departments').where({ id: cursor }).first('parent_id');
    cursor = row?.parent_id ?? null;
  }
}

export async function updateDepartment(knex: Knex, id: string, input: UpdateDepartmentBody, actorId: string): Promise<Department> {
  const changed = Object.keys(input).filter((k) => input[k as keyof UpdateDepartmentBody] !== undefined);
  try {
    await knex.transaction(async (trx) => {
      const row = await trx<DepartmentRow>('departments').where({ id }).first();
      if (!row) throw new NotFoundError('department_not_found', `No department has the id ${id}.`);
      const patch: Partial<DepartmentRow> = { updated_at: nowIso() };
      if (input.name)
        Object.assign(patch, { name: input.name.en, name_zh: input.name['zh-Hant'] ?? null, name_key: nameKey(input.name.en) });
      if (input.parentId !== undefined) {
        if (input.parentId) {
          await lockOrgChart(trx);
          await requireDepartment(trx, input.parentId, 'parentId');
          await assertNoDepartmentCycle(trx, id, input.parentId);
        }
        Object.assign(patch, { parent_id: input.parentId, parent_key: input.parentId ?? '' });
      }
      if (input.headUserId !== undefined) {
        if (input.headUserId) await requireActiveUser(trx, input.headUserId, 'headUserId', 'department head');
        patch.head_user_id = input.headUserId;
      }
      await trx('departments').where({ id }).update(patch);
      if (changed.length > 0) await appendEvent(trx, { type: 'department.updated', actorId, payload: { departmentId: id, changed } });
    });
  } catch (err) {
    throw nameTaken(err, input.name?.en ?? '');
  }
  return departmentById(knex, id);
}

/**
 * Checks a user's department and manager before they are stored: both must exist, nobody manages
 * themselves, and the chain above the new manager must not come back to the user.
 */
export async function checkOrgPlacement(
  db: Db,
  userId: string,
  input: { departmentId?: string | null; managerId?: string | null },
): Promise<void> {
  if (input.departmentId) await requireDepartment(db, input.departmentId, 'departmentId');
  if (!input.managerId) return;
  if (input.managerId === userId) throw fieldError('manager_cycle', 'managerId', 'A user cannot be their own manager.');
  await lockOrgChart(db);
  await requireActiveUser(db, input.managerId, 'managerId', 'manager');
  const above = await managerChain(db, input.managerId, Number.POSITIVE_INFINITY);
  if (above.includes(userId)) {
    throw fieldError('manager_cycle', 'managerId', 'This manager reports (directly or further up) to the user, so the chain would loop.');
  }
}

/** Replaces a user's positions; the same position twice (in any letter case) is kept once. */
export async function setPositions(db: Db, userId: string, positions: string[]): Promise<void> {
  await db('user_roles').where({ user_id: userId }).delete();
  const unique = new Map<string, string>();
  for (const position of positions) if (!unique.has(nameKey(position))) unique.set(nameKey(position), position.trim());
  if (unique.size === 0) return;
  await db('user_roles').insert([...unique].map(([roleKey, role]) => ({ user_id: userId, role, role_key: roleKey })));
}

/** Each user's positions, sorted, for the given users (all when omitted). */
export async function positionsByUser(db: Db, userIds?: string[]): Promise<Map<string, string[]>> {
  const query = db('user_roles').select('user_id', 'role').orderBy('role_key');
  if (userIds) query.whereIn('user_id', userIds);
  const out = new Map<string, string[]>();
  for (const row of (await query) as { user_id: string; role: string }[]) out.set(row.user_id, [...(out.get(row.user_id) ?? []), row.role]);
  return out;
}

// --- Lookups for approval flows -------------------------------------------------------------

/**
 * The managers above a user, nearest first, at most `levels` of them: `[direct, their manager, ...]`,
 * so the Nth-level manager is `chain[N - 1]`. Stops at the top; a loop in old data ends the chain.
 */
export async function managerChain(db: Db, userId: string, levels: number): Promise<string[]> {
  const chain: string[] = [];
  const seen = new Set([userId]);
  let cursor = userId;
  while (chain.length < levels) {
    const row: { manager_id: string | null } | undefined = await db('users').where({ id: cursor }).first('manager_id');
    const next = row?.manager_id;
    if (!next || seen.has(next)) break;
    chain.push(next);
    seen.add(next);
    cursor = next;
  }
  return chain;
}

/** The head of a department, or null when it has none, the head is disabled, or no such department exists. */
export async function departmentHead(db: Db, departmentId: string): Promise<string | null> {
  const row: { id: string } | undefined = await db('departments')
    .join('users', 'users.id', 'departments.head_user_id')
    .where('departments.id', departmentId)
    .whereNull('users.disabled_at')
    .first('users.id');
  return row?.id ?? null;
}

/** The enabled users holding a position (letter case ignored), sorted by id for a stable order. */
export async function usersWithPosition(db: Db, position: string): Promise<string[]> {
  const rows: { id: string }[] = await db('users')
    .join('user_roles', 'user_roles.user_id', 'users.id')
    .where('user_roles.role_key', nameKey(position))
    .whereNull('users.disabled_at')
    .orderBy('users.id')
    .select('users.id');
  return rows.map((r) => r.id);
}

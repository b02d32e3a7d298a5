/**
 * The org-chart CSV import: a preview that writes nothing, and an import that refuses a file with
 * any error and otherwise writes every department and person in one transaction.
 *
 * New people get no password: they cannot sign in until an admin gives them one. An import is how a
 * company's chart gets in (approvers, heads, managers); passwords are not something to mail around
 * in a spreadsheet.
 */
import type { OrgImportPreview, User } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { usersRepo } from '../../repositories/users.ts';
import { requireRole } from '../access.ts';
import { readImportFile } from '../imports/readFile.ts';
import { lockOrgChart, setPositions } from '../organization.ts';
import { parseRows } from './parseRows.ts';
import { departmentKey, planImport, type ImportPlan } from './planImport.ts';

async function readPlan(db: Db, actor: User, bytes: Buffer): Promise<ImportPlan> {
  const rows = parseRows(await readImportFile(bytes));
  return planImport(db, rows, actor.email);
}

export async function previewOrgImport(db: Db, actor: User, bytes: Buffer): Promise<OrgImportPreview> {
  requireRole(actor, ['admin'], 'import the org chart');
  return (await readPlan(db, actor, bytes)).preview;
}

export async function applyOrgImport(knex: Knex, actor: User, bytes: Buffer): Promise<OrgImportPreview> {
  requireRole(actor, ['admin'], 'import the org chart');
  const table = await readImportFile(bytes);
  return knex.transaction(async (trx) => {
    await lockOrgChart(trx);
    const plan = await planImport(trx, parseRows(table), actor.email);
    if (plan.preview.summary.error > 0) {
      const n = plan.preview.summary.error;
      throw new UnprocessableError(
        'import_has_errors',
        `${n} row${n === 1 ? ' has' : 's have'} errors; nothing was imported. Fix ${n === 1 ? 'it' : 'them'} and import the file again.`,
        plan.preview,
      );
    }
    await writePlan(trx, plan, actor.id);
    return plan.preview;
  });
}

async function writePlan(trx: Knex.Transaction, plan: ImportPlan, actorId: string): Promise<void> {
  const now = nowIso();
  const departments = new Map(plan.departments);
  for (const path of plan.departmentsToCreate) {
    const parentId = path.length > 1 ? departments.get(departmentKey(path.slice(0, -1)))! : null;
    const id = newId();
    const name = path[path.length - 1];
    await trx('departments').insert({
      id,
      name,
      name_zh: null,
      name_key: name.trim().toLowerCase(),
      parent_id: parentId,
      parent_key: parentId ?? '',
      head_user_id: null,
      created_at: now,
      updated_at: now,
    });
    await appendEvent(trx, { type: 'department.created', actorId, payload: { departmentId: id, parentId } });
    departments.set(departmentKey(path), id);
  }

  // Everyone exists before any manager is set, so a manager may come later in the file.
  const idByEmail = new Map([...plan.existing].map(([email, u]) => [email, u.id]));
  const byLine = new Map(plan.preview.rows.map((r) => [r.line, r]));
  for (const row of plan.rows) {
    const outcome = byLine.get(row.line)!;
    const departmentId =
      row.department === undefined ? undefined : row.department.length ? departments.get(departmentKey(row.department))! : null;
    if (outcome.action === 'create') {
      const id = newId();
      await usersRepo.insert(trx, {
        id,
        email: row.email,
        name: row.name,
        role: row.role ?? 'member',
        password_hash: null,
        locale: row.locale ?? null,
        created_at: now,
        disabled_at: null,
        department_id: departmentId ?? null,
        manager_id: null,
      });
      if (row.positions?.length) await setPositions(trx, id, row.positions);
      await appendEvent(trx, { type: 'user.created', actorId, payload: { userId: id, role: row.role ?? 'member' } });
      idByEmail.set(row.email, id);
    } else if (outcome.action === 'update') {
      const id = idByEmail.get(row.email)!;
      const patch: Record<string, unknown> = {};
      if (outcome.changes.includes('name')) patch.name = row.name;
      if (outcome.changes.includes('department')) patch.department_id = departmentId;
      if (outcome.changes.includes('role')) patch.role = row.role;
      if (outcome.changes.includes('locale')) patch.locale = row.locale;
      if (Object.keys(patch).length > 0) await trx('users').where({ id }).update(patch);
      if (outcome.changes.includes('positions')) await setPositions(trx, id, row.positions ?? []);
      await appendEvent(trx, { type: 'user.updated', actorId, payload: { userId: id, changed: outcome.changes } });
    }
  }
  for (const row of plan.rows) {
    if (!byLine.get(row.line)!.changes.includes('manager')) continue;
    const managerId = row.manager ? idByEmail.get(row.manager)! : null;
    await trx('users')
      .where({ id: idByEmail.get(row.email)! })
      .update({ manager_id: managerId });
  }
}

/**
 * One sync, worked out before anything is written: the preview (dry run) and the run both call
 * planSync on the same directory data, so the run does exactly what the preview showed. `apply`
 * writes the plan in the caller's transaction (all or nothing).
 *
 * People match by their entry's stable id, then by email (a local account with the directory's
 * address is taken over: it becomes a directory account). Departments in OU mode match by the OU's
 * stable id (a renamed or moved OU renames or moves its department), then by name under the same
 * parent; in attribute mode by name path only. Managers are set after everyone exists; a manager
 * outside the synced people, or one that would make a loop, is left as it is with a warning.
 */
import type { DirectorySyncCounts, DirectorySyncPreview } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { appendEvent } from '../../repositories/events.ts';
import type { Db } from '../../repositories/types.ts';
import { usersRepo } from '../../repositories/users.ts';
import { recordAudit } from '../audit/record.ts';
import { lockOrgChart, positionsByUser, setPositions } from '../organization.ts';
import { normalizeDn, type DirectoryPerson } from './ldap.ts';
import type { DirectoryConfig } from './settings.ts';

interface UserState {
  id: string;
  email: string;
  name: string;
  disabled_at: string | null;
  department_id: string | null;
  manager_id: string | null;
  auth_source: string;
  external_id: string | null;
  directory_disabled: boolean | number;
}

interface DepartmentState {
  id: string;
  name: string;
  parent_id: string | null;
  external_id: string | null;
}

type DepartmentStep =
  | { kind: 'create'; id: string; name: string; parentId: string | null; externalId: string | null; path: string[] }
  | { kind: 'move'; id: string; name: string; parentId: string | null; from: string[]; to: string[] }
  | { kind: 'adopt'; id: string; externalId: string };

interface UserStep {
  kind: 'create' | 'update';
  id: string;
  person: DirectoryPerson;
  departmentId: string | null;
  patch: Record<string, unknown>;
  positions: string[] | null;
  changed: string[];
  reactivate: boolean;
}

export interface SyncPlan {
  preview: DirectorySyncPreview;
  counts: DirectorySyncCounts;
  apply(trx: Knex.Transaction, actorId: string | null): Promise<void>;
}

export interface PlanOptions {
  /** A sign-in refreshes one person: nobody is deactivated and managers stay as they are. */
  single?: boolean;
}

const key = (name: string) => name.trim().toLowerCase();

export async function planSync(db: Db, people: DirectoryPerson[], config: DirectoryConfig, options: PlanOptions = {}): Promise<SyncPlan> {
  const preview: DirectorySyncPreview = {
    entries: people.length,
    created: [],
    updated: [],
    deactivated: [],
    reactivated: [],
    departmentsCreated: [],
    departmentsMoved: [],
    managersSet: [],
    warnings: [],
  };
  const users: UserState[] = await db('users').select(
    'id',
    'email',
    'name',
    'disabled_at',
    'department_id',
    'manager_id',
    'auth_source',
    'external_id',
    'directory_disabled',
  );
  const departments: DepartmentState[] = await db('departments').select('id', 'name', 'parent_id', 'external_id');
  const positions = await positionsByUser(db);

  // --- entries worth syncing ---
  const seenEmail = new Set<string>();
  const seenId = new Set<string>();
  const valid: DirectoryPerson[] = [];
  for (const person of people) {
    if (!person.email || !person.email.includes('@')) {
      preview.warnings.push({ dn: person.dn, message: `No email address in "${config.attributes.email}"; left out.` });
    } else if (seenEmail.has(person.email)) {
      preview.warnings.push({ dn: person.dn, message: `Another entry has the email ${person.email}; left out.` });
    } else if (seenId.has(person.externalId)) {
      preview.warnings.push({ dn: person.dn, message: `Another entry has the same ${config.attributes.id}; left out.` });
    } else {
      seenEmail.add(person.email);
      seenId.add(person.externalId);
      valid.push(person);
    }
  }

  // --- departments ---
  const deptById = new Map(departments.map((d) => [d.id, { ...d }]));
  const deptByExternal = new Map(departments.filter((d) => d.external_id).map((d) => [d.external_id!, d.id]));
  const childKey = (parentId: string | null, name: string) => `${parentId ?? ''}/${key(name)}`;
  const deptByChild = new Map(departments.map((d) => [childKey(d.parent_id, d.name), d.id]));
  const pathOf = (id: string | null): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    for (let cursor = id; cursor && !seen.has(cursor); cursor = deptById.get(cursor)?.parent_id ?? null) {
      seen.add(cursor);
      out.unshift(deptById.get(cursor)!.name);
    }
    return out;
  };
  const originalPath = new Map(departments.map((d) => [d.id, pathOf(d.id)]));
  const deptSteps: DepartmentStep[] = [];
  const resolved = new Map<string, string>();

  function resolveDepartment(person: DirectoryPerson): string | null {
    let parentId: string | null = null;
    for (let i = 0; i < person.departmentPath.length; i++) {
      const name = person.departmentPath[i];
      const externalId = person.departmentIds[i];
      const memo = externalId ? `x:${externalId}` : `p:${childKey(parentId, name)}`;
      let id = resolved.get(memo);
      if (!id) {
        const byExternal = externalId ? deptByExternal.get(externalId) : undefined;
        if (byExternal) {
          id = byExternal;
          const current = deptById.get(id)!;
          const holder = deptByChild.get(childKey(parentId, name));
          if ((current.name !== name || current.parent_id !== parentId) && holder && holder !== id) {
            preview.warnings.push({
              dn: person.dn,
              message: `The department "${pathOf(id).join(' / ')}" was not moved to "${[...pathOf(parentId), name].join(' / ')}": another department already has that name there.`,
            });
          } else if (current.name !== name || current.parent_id !== parentId) {
            const from = originalPath.get(id) ?? pathOf(id);
            deptByChild.delete(childKey(current.parent_id, current.name));
            Object.assign(current, { name, parent_id: parentId });
            deptByChild.set(childKey(parentId, name), id);
            const to = pathOf(id);
            deptSteps.push({ kind: 'move', id, name, parentId, from, to });
            preview.departmentsMoved.push({ departmentId: id, from, to });
          }
        } else {
          const byName = deptByChild.get(childKey(parentId, name));
          if (byName && (!externalId || !deptById.get(byName)!.external_id)) {
            id = byName;
            if (externalId) {
              deptById.get(id)!.external_id = externalId;
              deptByExternal.set(externalId, id);
              deptSteps.push({ kind: 'adopt', id, externalId });
            }
          } else {
            id = newId();
            const row = { id, name, parent_id: parentId, external_id: externalId };
            deptById.set(id, row);
            deptByChild.set(childKey(parentId, name), id);
            if (externalId) deptByExternal.set(externalId, id);
            const path = pathOf(id);
            deptSteps.push({ kind: 'create', id, name, parentId, externalId, path });
            preview.departmentsCreated.push({ path });
          }
        }
        resolved.set(memo, id);
      }
      parentId = id;
    }
    return parentId;
  }

  // --- people ---
  const byExternal = new Map(users.filter((u) => u.auth_source === 'ldap' && u.external_id).map((u) => [u.external_id!, u]));
  const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const userSteps: UserStep[] = [];
  const matchedIds = new Set<string>();
  const idByDn = new Map<string, string>();
  const syncTitle = Boolean(config.attributes.title);
  const deptLabel = (id: string | null) => (id ? pathOf(id).join(' / ') : null);

  for (const person of valid) {
    const existing = byExternal.get(person.externalId) ?? byEmail.get(person.email!);
    if (existing && matchedIds.has(existing.id)) {
      preview.warnings.push({ dn: person.dn, message: `Matches the same person as another entry (${existing.email}); left out.` });
      continue;
    }
    const departmentId = resolveDepartment(person);
    const title = person.title ? [person.title] : [];
    if (!existing) {
      const id = newId();
      userSteps.push({
        kind: 'create',
        id,
        person,
        departmentId,
        patch: {},
        positions: syncTitle ? title : null,
        changed: [],
        reactivate: false,
      });
      preview.created.push({
        userId: null,
        email: person.email!,
        name: person.name,
        dn: person.dn,
        department: departmentId ? pathOf(departmentId) : [],
        position: person.title,
        manager: null,
      });
      idByDn.set(normalizeDn(person.dn), id);
      matchedIds.add(id);
      continue;
    }
    matchedIds.add(existing.id);
    idByDn.set(normalizeDn(person.dn), existing.id);
    const patch: Record<string, unknown> = {};
    const changes: DirectorySyncPreview['updated'][number]['changes'] = [];
    if (existing.email.toLowerCase() !== person.email) {
      const holder = byEmail.get(person.email!);
      if (holder && holder.id !== existing.id) {
        preview.warnings.push({
          dn: person.dn,
          message: `The new email ${person.email} belongs to another account; the email was not changed.`,
        });
      } else {
        patch.email = person.email;
        changes.push({ field: 'email', before: existing.email, after: person.email });
      }
    }
    if (existing.name !== person.name) {
      patch.name = person.name;
      changes.push({ field: 'name', before: existing.name, after: person.name });
    }
    if ((existing.department_id ?? null) !== departmentId) {
      patch.department_id = departmentId;
      changes.push({ field: 'department', before: deptLabel(existing.department_id), after: deptLabel(departmentId) });
    }
    let newPositions: string[] | null = null;
    const current = positions.get(existing.id) ?? [];
    if (syncTitle && current.join('\n') !== title.join('\n')) {
      newPositions = title;
      changes.push({ field: 'position', before: current.join(', ') || null, after: title.join(', ') || null });
    }
    if (existing.auth_source !== 'ldap' || existing.external_id !== person.externalId) {
      Object.assign(patch, { auth_source: 'ldap', external_id: person.externalId });
      if (existing.auth_source !== 'ldap') changes.push({ field: 'source', before: existing.auth_source, after: 'ldap' });
    }
    const reactivate = Boolean(existing.disabled_at && existing.directory_disabled);
    const ref = { userId: existing.id, email: person.email!, name: person.name };
    if (changes.length > 0) preview.updated.push({ ...ref, changes });
    if (reactivate) preview.reactivated.push(ref);
    if (Object.keys(patch).length > 0 || newPositions || reactivate) {
      userSteps.push({
        kind: 'update',
        id: existing.id,
        person,
        departmentId,
        patch,
        positions: newPositions,
        changed: changes.map((c) => c.field),
        reactivate,
      });
    }
  }

  // --- leavers ---
  const leavers =
    options.single || config.leavers !== 'deactivate'
      ? []
      : users.filter((u) => u.auth_source === 'ldap' && !u.disabled_at && !matchedIds.has(u.id));
  if (leavers.length > 0 && valid.length === 0) {
    throw new UnprocessableError(
      'directory_empty',
      `The directory search found nobody, so the sync would disable all ${leavers.length} directory accounts; check the base DN and user filter. Nothing was changed.`,
    );
  }
  for (const u of leavers) preview.deactivated.push({ userId: u.id, email: u.email, name: u.name });

  // --- managers ---
  const managerSteps: { id: string; managerId: string | null }[] = [];
  if (!options.single && config.attributes.manager) {
    const finalManager = new Map(users.map((u) => [u.id, u.manager_id]));
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    for (const step of userSteps) emailOf.set(step.id, step.person.email!);
    for (const id of idByDn.values()) if (!finalManager.has(id)) finalManager.set(id, null);
    const wanted: { id: string; person: DirectoryPerson; managerId: string | null }[] = [];
    for (const person of valid) {
      const id = idByDn.get(normalizeDn(person.dn));
      if (!id) continue;
      let managerId: string | null = null;
      if (person.managerDn) {
        const found = idByDn.get(normalizeDn(person.managerDn));
        if (!found) {
          preview.warnings.push({
            dn: person.dn,
            message: `The manager ${person.managerDn} is not among the synced people; the manager was left as it is.`,
          });
          continue;
        }
        managerId = found;
      }
      if ((finalManager.get(id) ?? null) !== managerId) wanted.push({ id, person, managerId });
    }
    for (const w of wanted) finalManager.set(w.id, w.managerId);
    for (const w of wanted) {
      const seen = new Set([w.id]);
      let loop = false;
      for (let cursor = w.managerId; cursor; cursor = finalManager.get(cursor) ?? null) {
        if (seen.has(cursor)) {
          loop = cursor === w.id;
          break;
        }
        seen.add(cursor);
      }
      if (loop) {
        finalManager.set(w.id, users.find((u) => u.id === w.id)?.manager_id ?? null);
        preview.warnings.push({
          dn: w.person.dn,
          message: `The manager ${w.person.managerDn} reports back to this person; the manager was left as it is.`,
        });
        continue;
      }
      const before = users.find((u) => u.id === w.id)?.manager_id ?? null;
      managerSteps.push({ id: w.id, managerId: w.managerId });
      preview.managersSet.push({
        userId: userSteps.find((s) => s.id === w.id && s.kind === 'create') ? null : w.id,
        email: w.person.email!,
        name: w.person.name,
        before: before ? (emailOf.get(before) ?? null) : null,
        after: w.managerId ? (emailOf.get(w.managerId) ?? null) : null,
      });
      const created = preview.created.find((c) => c.email === w.person.email);
      if (created) created.manager = w.managerId ? (emailOf.get(w.managerId) ?? null) : null;
    }
  }

  const counts: DirectorySyncCounts = {
    entries: people.length,
    created: preview.created.length,
    updated: preview.updated.length,
    deactivated: preview.deactivated.length,
    reactivated: preview.reactivated.length,
    departmentsCreated: preview.departmentsCreated.length,
    departmentsMoved: preview.departmentsMoved.length,
    managersSet: preview.managersSet.length,
    warnings: preview.warnings.length,
  };

  async function apply(trx: Knex.Transaction, actorId: string | null): Promise<void> {
    const now = nowIso();
    await lockOrgChart(trx);
    for (const step of deptSteps) {
      if (step.kind === 'create') {
        await trx('departments').insert({
          id: step.id,
          name: step.name,
          name_zh: null,
          name_key: key(step.name),
          parent_id: step.parentId,
          parent_key: step.parentId ?? '',
          head_user_id: null,
          external_id: step.externalId,
          created_at: now,
          updated_at: now,
        });
        await appendEvent(trx, { type: 'department.created', actorId, payload: { departmentId: step.id, parentId: step.parentId } });
      } else if (step.kind === 'move') {
        await trx('departments')
          .where({ id: step.id })
          .update({
            name: step.name,
            name_key: key(step.name),
            parent_id: step.parentId,
            parent_key: step.parentId ?? '',
            updated_at: now,
          });
        await appendEvent(trx, { type: 'department.updated', actorId, payload: { departmentId: step.id, changed: ['name', 'parentId'] } });
      } else {
        await trx('departments').where({ id: step.id }).update({ external_id: step.externalId });
      }
    }
    for (const step of userSteps) {
      if (step.kind === 'create') {
        await usersRepo.insert(trx, {
          id: step.id,
          email: step.person.email!,
          name: step.person.name,
          role: config.defaultRole,
          password_hash: null,
          locale: null,
          created_at: now,
          disabled_at: null,
          department_id: step.departmentId,
          manager_id: null,
        });
        await trx('users').where({ id: step.id }).update({ auth_source: 'ldap', external_id: step.person.externalId });
        if (step.positions?.length) await setPositions(trx, step.id, step.positions);
        await appendEvent(trx, { type: 'user.created', actorId, payload: { userId: step.id, role: config.defaultRole } });
        await recordAudit(trx, { action: 'user.created', actorId, targetType: 'user', targetId: step.id, details: { source: 'ldap' } });
        continue;
      }
      const patch = { ...step.patch };
      if (step.reactivate) Object.assign(patch, { disabled_at: null, directory_disabled: false });
      if (Object.keys(patch).length > 0) await trx('users').where({ id: step.id }).update(patch);
      if (step.positions) await setPositions(trx, step.id, step.positions);
      const changed = [...step.changed, ...(step.reactivate ? ['disabled'] : [])];
      if (changed.length > 0) await appendEvent(trx, { type: 'user.updated', actorId, payload: { userId: step.id, changed } });
      if (step.reactivate)
        await recordAudit(trx, { action: 'user.enabled', actorId, targetType: 'user', targetId: step.id, details: { source: 'ldap' } });
    }
    for (const u of leavers) {
      await trx('users').where({ id: u.id }).update({ disabled_at: now, directory_disabled: true });
      await trx('sessions').where({ user_id: u.id }).delete();
      await appendEvent(trx, { type: 'user.updated', actorId, payload: { userId: u.id, changed: ['disabled'] } });
      await recordAudit(trx, { action: 'user.disabled', actorId, targetType: 'user', targetId: u.id, details: { source: 'ldap' } });
    }
    for (const m of managerSteps) await trx('users').where({ id: m.id }).update({ manager_id: m.managerId });
  }

  return { preview, counts, apply };
}

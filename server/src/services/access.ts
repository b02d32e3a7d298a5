import type { AppPermission, AppPermissions, User } from '@formloom/schemas';
import { principalKeysOf } from './principals.ts';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { appsRepo, type AppRow } from '../repositories/apps.ts';
import { formsRepo, type FormRow } from '../repositories/forms.ts';
import type { Db } from '../repositories/types.ts';
import type { AccessCaches } from '../plugins/app/accessCache.ts';

/** What an app's manager (and every admin) may do. */
export const FULL_PERMISSIONS: AppPermissions = permissionsFrom(new Set(['edit']))!;
const FULL = FULL_PERMISSIONS;

/**
 * Managing an app (`edit`) implies everything; seeing everything implies filling (as it always
 * has) and exporting is its own grant. Null when the grants give nothing at all.
 */
export function permissionsFrom(granted: ReadonlySet<AppPermission>): AppPermissions | null {
  if (granted.size === 0) return null;
  const canEdit = granted.has('edit');
  const canViewAll = canEdit || granted.has('view_all');
  const canViewDepartment = canViewAll || granted.has('view_department');
  return {
    canEdit,
    canViewAll,
    canViewDepartment,
    canFill: canViewAll || granted.has('fill'),
    canEditRecords: canEdit || granted.has('edit_records'),
    canDeleteRecords: canEdit || granted.has('delete_records'),
    canExport: canEdit || granted.has('export'),
    viewScope: canViewAll ? 'all' : canViewDepartment ? 'department' : 'own',
  };
}

/** The caller's permissions in an app, or null when they have none (the app answers 404 then). */
export async function permissionsIn(db: Db, user: User, appId: string, caches?: AccessCaches): Promise<AppPermissions | null> {
  if (user.role === 'admin') return FULL;
  const key = `${appId}|${user.id}`;
  const cached = caches?.permissions.get(key);
  if (cached !== undefined) return cached;
  const permissions = await grantedPermissions(db, user, appId);
  caches?.permissions.set(key, permissions);
  return permissions;
}

async function grantedPermissions(db: Db, user: User, appId: string): Promise<AppPermissions | null> {
  return permissionsFrom(await appsRepo.permissionsOf(db, appId, await principalKeysOf(db, user)));
}

/**
 * Loads an app the caller may see. An app they have no grant in answers 404, the same as one
 * that does not exist, so ids cannot be probed.
 */
export async function loadApp(db: Db, user: User, appId: string): Promise<{ app: AppRow; permissions: AppPermissions }> {
  const app = await appsRepo.findById(db, appId);
  const permissions = app ? await permissionsIn(db, user, appId) : null;
  if (!app || !permissions) throw new NotFoundError('app_not_found', `There is no app ${appId}, or you have no access to it.`);
  return { app, permissions };
}

/** With `caches`, a form and its grants read in the last moments are reused (the submission hot path). */
export async function loadForm(
  db: Db,
  user: User,
  formId: string,
  caches?: AccessCaches,
): Promise<{ form: FormRow; permissions: AppPermissions }> {
  let form = caches?.forms.get(formId);
  if (!form) {
    form = await formsRepo.findById(db, formId);
    if (form && caches) caches.forms.set(formId, form);
  }
  const permissions = form ? await permissionsIn(db, user, form.app_id, caches) : null;
  if (!form || !permissions) throw new NotFoundError('form_not_found', `There is no form ${formId}, or you have no access to it.`);
  return { form, permissions };
}

export function requirePermission(permissions: AppPermissions, needed: keyof AppPermissions, action: string): void {
  if (!permissions[needed]) throw new ForbiddenError(`You do not have permission to ${action} in this app; ask an app editor to grant it.`);
}

export function requireRole(user: User, roles: User['role'][], action: string): void {
  if (!roles.includes(user.role)) throw new ForbiddenError(`Only ${roles.join(' or ')} users can ${action}.`);
}

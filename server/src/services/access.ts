import type { AppPermissions, User } from '@formloom/schemas';
import { ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { appsRepo, type AppRow } from '../repositories/apps.ts';
import { formsRepo, type FormRow } from '../repositories/forms.ts';
import type { Db } from '../repositories/types.ts';
import type { AccessCaches } from '../plugins/app/accessCache.ts';

const FULL: AppPermissions = { canEdit: true, canFill: true, canViewAll: true };

/** Editing an app implies seeing and filling it; seeing everything implies filling. */
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
  const granted = await appsRepo.permissionsOf(db, appId, user.id);
  if (granted.size === 0) return null;
  const canEdit = granted.has('edit');
  const canViewAll = canEdit || granted.has('view_all');
  return { canEdit, canViewAll, canFill: canViewAll || granted.has('fill') };
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

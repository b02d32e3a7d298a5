import type { User } from '@formloom/schemas';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { appsRepo } from '../../repositories/apps.ts';
import { principalKeysOf } from '../principals.ts';
import type { FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadApp, loadForm, permissionsIn, requirePermission } from '../access.ts';
import type { SubscriptionRow } from './subscriptions.ts';

/**
 * Who may touch a webhook subscription: admins any; app editors those scoped to an app (or a form
 * of an app) they edit. Everyone else sees none of them: an id they cannot see answers 404.
 * Zapier's rows (format `zapier`) belong to routes/hooks and are invisible here.
 */

export const VISIBLE_FORMATS = ['canonical', 'template'] as const;

export interface Scope {
  appId: string | null;
  formId: string | null;
  form: FormRow | null;
}

/**
 * Checks the caller may subscribe to this scope and completes it (a form's app is stored with it,
 * so app-wide lists and permission checks see it). Non-admins must name an app or a form they edit.
 */
export async function resolveScope(
  db: Db,
  user: User,
  appId: string | null | undefined,
  formId: string | null | undefined,
): Promise<Scope> {
  if (!appId && !formId) {
    if (user.role !== 'admin')
      throw new ForbiddenError('Only administrators can subscribe to events of every app; choose an app or a form you edit.', 'forbidden');
    return { appId: null, formId: null, form: null };
  }
  if (formId) {
    const { form, permissions } = await loadForm(db, user, formId);
    requirePermission(permissions, 'canEdit', "subscribe to this form's events");
    if (appId && appId !== form.app_id)
      throw new UnprocessableError('invalid_scope', `The form ${formId} is not in the app ${appId}; give one of them, or both that match.`);
    return { appId: form.app_id, formId: form.id, form };
  }
  const { app, permissions } = await loadApp(db, user, appId!);
  requirePermission(permissions, 'canEdit', "subscribe to this app's events");
  return { appId: app.id, formId: null, form: null };
}

/** A subscription the caller may manage, or 404 (unknown, Zapier's, or out of their reach). */
export async function loadVisibleSubscription(db: Db, user: User, id: string): Promise<SubscriptionRow> {
  const row = await db<SubscriptionRow>('webhook_subscriptions').where({ id }).whereIn('format', VISIBLE_FORMATS).first();
  if (row && (await canManage(db, user, row))) return row;
  throw new NotFoundError('webhook_not_found', `There is no webhook ${id}, or you cannot manage it.`);
}

async function canManage(db: Db, user: User, row: SubscriptionRow): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (!row.app_id) return false;
  return (await permissionsIn(db, user, row.app_id))?.canEdit === true;
}

/** The ids of apps the caller edits (grants to them, their role, department, position or everyone), for narrowing lists. */
export async function editableAppIds(db: Db, user: User): Promise<string[]> {
  return appsRepo.appIdsGranted(db, await principalKeysOf(db, user), ['edit']);
}

import type { User } from '@formloom/schemas';
import { NotFoundError } from '../../lib/errors.ts';
import { ALL_USERS } from '../../repositories/apps.ts';
import type { FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm } from '../access.ts';

/**
 * A Zap receives every submission of its form, so subscribing, polling and sampling need the right
 * to see all of the form's data (view all, or edit). Anyone else gets the same 404 as for a form
 * that does not exist, so form ids cannot be probed.
 */
export async function loadZapierForm(db: Db, user: User, formId: string): Promise<FormRow> {
  const { form, permissions } = await loadForm(db, user, formId);
  if (!permissions.canViewAll) {
    throw new NotFoundError('form_not_found', `There is no form ${formId}, or you may not see all of its submissions.`);
  }
  return form;
}

export interface ZapierForm {
  id: string;
  name: string;
  /** The app's name, to tell apart forms of the same name in Zapier's dropdown. */
  app: string;
}

/** The published forms whose submissions the caller may see, for the Zap editor's dropdown. */
export async function zapierForms(db: Db, user: User): Promise<ZapierForm[]> {
  const query = db('forms as f')
    .join('apps as a', 'a.id', 'f.app_id')
    .whereNotNull('f.latest_version')
    .orderBy([{ column: 'a.name' }, { column: 'f.name' }, { column: 'f.id' }])
    .select('f.id', 'f.name', 'a.name as app');
  if (user.role !== 'admin') {
    query.whereIn(
      'f.app_id',
      db('app_grants').select('app_id').whereIn('principal', [user.id, ALL_USERS]).whereIn('permission', ['view_all', 'edit']),
    );
  }
  return query;
}

import type { User } from '@formloom/schemas';
import { NotFoundError } from '../../lib/errors.ts';
import type { FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm } from '../access.ts';
import { principalKeysOf } from '../principals.ts';
import { viewerOf, type EnvelopeViewer } from '../webhooks/viewer.ts';

/**
 * A Zap receives every submission of its form, so subscribing, polling and sampling need the right
 * to see all of the form's data (view all, or edit). Anyone else gets the same 404 as for a form
 * that does not exist, so form ids cannot be probed.
 */
export async function loadZapierForm(db: Db, user: User, formId: string): Promise<FormRow> {
  return (await zapierFormFor(db, user, formId)).form;
}

/** The form and the caller as the items are built for them (their hidden fields left out: webhooks/viewer.ts). */
export async function zapierFormFor(db: Db, user: User, formId: string): Promise<{ form: FormRow; viewer: EnvelopeViewer }> {
  const { form, permissions } = await loadForm(db, user, formId);
  if (!permissions.canViewAll) {
    throw new NotFoundError('form_not_found', `There is no form ${formId}, or you may not see all of its submissions.`);
  }
  return { form, viewer: viewerOf(user, permissions) };
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
      db('app_grants')
        .select('app_id')
        .whereIn('principal', await principalKeysOf(db, user))
        .whereIn('permission', ['view_all', 'edit']),
    );
  }
  return query;
}

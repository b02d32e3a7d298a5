/**
 * Who may read a special report, and of which form: no grant in the form's app → 404
 * `form_not_found` (like every form route); a report that names people (health, approvals)
 * needs "see all" → 403; a form whose published version does not qualify → 404 `report_not_available`.
 */
import type { AppPermissions, JsonObject, User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { formVersionsRepo, type FormRow, type FormVersionRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm, requirePermission } from '../access.ts';

export interface PublishedForm {
  form: FormRow;
  permissions: AppPermissions;
  version: FormVersionRow | null;
  schema: JsonObject;
  uiSchema: JsonObject;
}

export async function publishedForm(db: Db, user: User, formId: string, needsViewAll: string | null): Promise<PublishedForm> {
  const { form, permissions } = await loadForm(db, user, formId);
  if (needsViewAll) requirePermission(permissions, 'canViewAll', needsViewAll);
  const version = form.latest_version === null ? null : ((await formVersionsRepo.find(db, form.id, Number(form.latest_version))) ?? null);
  return {
    form,
    permissions,
    version,
    schema: version ? readJson<JsonObject>(version.schema) : {},
    uiSchema: version ? readJson<JsonObject>(version.ui_schema) : {},
  };
}

export function notAvailable(report: string, why: string): NotFoundError {
  return new NotFoundError('report_not_available', `This form has no ${report} report: ${why}`);
}

/** The uiSchema root's `ui:options`, or {}. */
export function rootOptions(uiSchema: JsonObject): JsonObject {
  const options = uiSchema['ui:options'];
  return typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as JsonObject) : {};
}

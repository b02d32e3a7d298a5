/**
 * Saved views: a named set of columns, sort, search and filter over one form's submissions. Each
 * person sees their own views and the shared ones of the forms they can open; the owner and the
 * app's editors may change or delete one. Sort and filter are checked against the form when saved.
 */
import type { Knex } from 'knex';
import {
  SubmissionFilter,
  type AppPermissions,
  type CreateSavedViewBody,
  type SavedView,
  type UpdateSavedViewBody,
  type User,
} from '@formloom/schemas';
import { nowIso, readJson, writeJson } from '../db/dialect.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { appendEvent } from '../repositories/events.ts';
import type { FormRow } from '../repositories/forms.ts';
import { savedViewsRepo, type SavedViewRow, type SavedViewWithOwner } from '../repositories/savedViews.ts';
import type { Db } from '../repositories/types.ts';
import { loadForm } from './access.ts';
import { hiddenFieldsFor, requireVisibleFields } from './fieldAccess.ts';
import { parseFilter, parseSort, queryFieldsOf } from './submissionQuery.ts';

/** A view's body as it arrives: the filter is checked here so a bad one answers invalid_filter like the list does. */
type ViewInput = Omit<UpdateSavedViewBody, 'filter'> & { filter?: unknown };

function toSavedView(row: SavedViewWithOwner, user: User, permissions: AppPermissions, hidden: ReadonlySet<string>): SavedView {
  return {
    id: row.id,
    formId: row.form_id,
    name: row.name,
    // A shared view may name a sensitive field this person may not see: its column is not offered to them.
    columns: readJson<string[]>(row.columns).filter((c) => !hidden.has(c.replace(/^data\./, ''))),
    sort: row.sort,
    q: row.q,
    filter: readJson<SavedView['filter']>(row.filter),
    shared: Boolean(row.shared),
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    canEdit: row.owner_id === user.id || permissions.canEdit,
  };
}

/** The stored columns for what the body sets, after checking sort and filter against the form. */
async function checkedContent(db: Db, user: User, form: FormRow, body: ViewInput): Promise<Partial<SavedViewRow>> {
  const fields = await queryFieldsOf(db, form);
  const hidden = await hiddenFieldsFor(db, user, form.id);
  // Sorting or filtering by a sensitive field one may not see would tell its values by the order or the rows.
  const keyOf = (field: unknown) => (typeof field === 'string' && field.startsWith('data.') ? [field.slice('data.'.length)] : []);
  if (body.sort) requireVisibleFields(keyOf(body.sort.replace(/^-/, '')), hidden);
  if (Array.isArray(body.filter))
    requireVisibleFields(
      body.filter.flatMap((c: unknown) => keyOf((c as { field?: unknown })?.field)),
      hidden,
    );
  const out: Partial<SavedViewRow> = {};
  if (body.name !== undefined) out.name = body.name;
  if (body.columns !== undefined) out.columns = writeJson([...new Set(body.columns)]);
  if (body.sort !== undefined) {
    if (body.sort) parseSort(body.sort, fields);
    out.sort = body.sort || null;
  }
  if (body.q !== undefined) out.q = body.q?.trim() || null;
  if (body.filter !== undefined) {
    const filter = body.filter ?? [];
    if (!Array.isArray(filter))
      throw new BadRequestError('invalid_filter', 'A saved view holds its filter as an array of {field, op, value}.');
    parseFilter(filter, fields);
    out.filter = writeJson(SubmissionFilter.parse(filter));
  }
  if (body.shared !== undefined) out.shared = body.shared;
  return out;
}

export async function listViews(db: Db, user: User, formId: string): Promise<SavedView[]> {
  const { form, permissions } = await loadForm(db, user, formId);
  const rows = await savedViewsRepo.listVisible(db, form.id, user.id);
  const hidden = await hiddenFieldsFor(db, user, form.id);
  return rows.map((row) => toSavedView(row, user, permissions, hidden));
}

export async function createView(db: Knex, user: User, formId: string, body: Omit<CreateSavedViewBody, 'filter'> & { filter?: unknown }) {
  const { form, permissions } = await loadForm(db, user, formId);
  const content = await checkedContent(db, user, form, body);
  const now = nowIso();
  const row: SavedViewRow = {
    id: newId(),
    form_id: form.id,
    owner_id: user.id,
    name: body.name,
    columns: content.columns!,
    sort: content.sort ?? null,
    q: content.q ?? null,
    filter: content.filter ?? writeJson([]),
    shared: body.shared ?? false,
    created_at: now,
    updated_at: now,
  };
  await db.transaction(async (trx) => {
    await savedViewsRepo.insert(trx, row);
    await appendEvent(trx, {
      type: 'saved_view.created',
      appId: form.app_id,
      formId: form.id,
      actorId: user.id,
      payload: { viewId: row.id, shared: Boolean(row.shared) },
    });
  });
  return toSavedView({ ...row, owner_name: user.name }, user, permissions, await hiddenFieldsFor(db, user, form.id));
}

/** A view the caller may change: invisible ones (another's, not shared, or of a form they cannot open) answer 404, visible ones not theirs 403. */
async function viewToChange(db: Db, user: User, viewId: string) {
  const notFound = new NotFoundError('view_not_found', `There is no saved view ${viewId}, or you have no access to it.`);
  const row = await savedViewsRepo.findById(db, viewId);
  if (!row) throw notFound;
  const access = await loadForm(db, user, row.form_id).catch((err: unknown) => {
    if (err instanceof NotFoundError) return null;
    throw err;
  });
  const own = row.owner_id === user.id;
  if (!access || !(own || row.shared)) throw notFound;
  if (!own && !access.permissions.canEdit) {
    throw new ForbiddenError('Only the person who saved this view, or an app editor, can change it; save a copy as your own view instead.');
  }
  return { row, ...access };
}

export async function updateView(db: Knex, user: User, viewId: string, body: ViewInput): Promise<SavedView> {
  const { row, form, permissions } = await viewToChange(db, user, viewId);
  const content = await checkedContent(db, user, form, body);
  const updated = { ...row, ...content, updated_at: nowIso() };
  await db.transaction(async (trx) => {
    await savedViewsRepo.update(trx, viewId, { ...content, updated_at: updated.updated_at });
    await appendEvent(trx, {
      type: 'saved_view.updated',
      appId: form.app_id,
      formId: form.id,
      actorId: user.id,
      payload: { viewId, shared: Boolean(updated.shared) },
    });
  });
  return toSavedView(updated, user, permissions, await hiddenFieldsFor(db, user, form.id));
}

export async function deleteView(db: Knex, user: User, viewId: string): Promise<void> {
  const { form } = await viewToChange(db, user, viewId);
  await db.transaction(async (trx) => {
    await savedViewsRepo.delete(trx, viewId);
    await appendEvent(trx, { type: 'saved_view.deleted', appId: form.app_id, formId: form.id, actorId: user.id, payload: { viewId } });
  });
}

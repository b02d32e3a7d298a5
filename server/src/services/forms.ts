import type { Form, FormVersion, JsonObject, User } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso, readJson, writeJson } from '../db/dialect.ts';
import { newId } from '../lib/ids.ts';
import { AppError, ConflictError } from '../lib/errors.ts';
import { appendEvent } from '../repositories/events.ts';
import { formsRepo, formVersionsRepo, type FormRow, type FormVersionRow } from '../repositories/forms.ts';
import type { Db } from '../repositories/types.ts';
import { assertValidFormSchema } from './formSchemas.ts';
import { assertValidWorkflow, readWorkflow } from './workflow/definition.ts';
import { assertOptionsFromSources } from './optionsFrom.ts';
import { assertRelationTargets } from './relations.ts';

export function toFormVersion(row: FormVersionRow): FormVersion {
  return {
    formId: row.form_id,
    version: Number(row.version),
    name: row.name,
    schema: readJson(row.schema),
    uiSchema: readJson(row.ui_schema),
    workflow: readWorkflow(row.workflow),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}

export async function toForm(db: Db, row: FormRow): Promise<Form> {
  const published = row.latest_version ? await formVersionsRepo.find(db, row.id, row.latest_version) : undefined;
  return {
    id: row.id,
    appId: row.app_id,
    name: row.name,
    status: row.status,
    revision: Number(row.revision),
    draft: { schema: readJson(row.draft_schema), uiSchema: readJson(row.draft_ui_schema), workflow: readWorkflow(row.draft_workflow) },
    latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    published: published ? toFormVersion(published) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function createForm(
  trx: Db,
  user: User,
  appId: string,
  input: { name: string; schema: unknown; uiSchema?: unknown; workflow?: unknown },
): Promise<FormRow> {
  const uiSchema = (input.uiSchema ?? {}) as JsonObject;
  const schema = input.schema;
  assertValidFormSchema(schema, uiSchema);
  const workflow = assertValidWorkflow(input.workflow ?? null, schema as JsonObject);
  await assertRelationTargets(trx, user, schema as JsonObject, uiSchema as JsonObject, { draft: true });
  await assertOptionsFromSources(trx, user, schema as JsonObject, uiSchema as JsonObject, { draft: true });
  const now = nowIso();
  const row: FormRow = {
    id: newId(),
    app_id: appId,
    name: input.name,
    status: 'draft',
    revision: 1,
    draft_schema: writeJson(schema),
    draft_ui_schema: writeJson(uiSchema),
    draft_workflow: workflow === null ? null : writeJson(workflow),
    latest_version: null,
    created_by: user.id,
    created_at: now,
    updated_at: now,
  };
  await formsRepo.insert(trx, row);
  await appendEvent(trx, { type: 'form.created', appId, formId: row.id, actorId: user.id, payload: { formId: row.id, name: row.name } });
  return { ...row, draft_schema: schema, draft_ui_schema: uiSchema, draft_workflow: workflow };
}

/** `If-Match` carries the revision the editor started from ("3" or the ETag `"3"`). */
export function parseIfMatch(header: string | undefined): number | null {
  if (!header) return null;
  const n = Number(header.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(n)) throw new AppError(400, 'invalid_if_match', 'If-Match must be the form\'s ETag, e.g. "3".');
  return n;
}

export async function updateDraft(
  knex: Knex,
  user: User,
  form: FormRow,
  patch: { name?: string; schema?: unknown; uiSchema?: unknown; workflow?: unknown },
  ifMatch: number | null,
): Promise<void> {
  const schema = patch.schema ?? readJson(form.draft_schema);
  const uiSchema = patch.uiSchema ?? readJson(form.draft_ui_schema);
  assertValidFormSchema(schema, uiSchema);
  // A schema change re-checks the flow already there: a renamed field must not leave a dangling condition.
  const workflow = assertValidWorkflow(
    patch.workflow !== undefined ? patch.workflow : readWorkflow(form.draft_workflow),
    schema as JsonObject,
  );
  await assertRelationTargets(knex, user, schema as JsonObject, uiSchema as JsonObject, { draft: true });
  await assertOptionsFromSources(knex, user, schema as JsonObject, uiSchema as JsonObject, { draft: true });
  const expected = ifMatch ?? Number(form.revision);
  await knex.transaction(async (trx) => {
    const changed = await formsRepo.updateDraft(trx, form.id, expected, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      draft_schema: writeJson(schema),
      draft_ui_schema: writeJson(uiSchema),
      draft_workflow: workflow === null ? null : writeJson(workflow),
      updated_at: nowIso(),
    });
    if (changed === 0) {
      throw new AppError(
        412,
        'version_conflict',
        'Someone else changed this form since you opened it; reload it and apply your change again.',
        {
          currentRevision: Number((await formsRepo.findById(trx, form.id))?.revision),
        },
      );
    }
    await appendEvent(trx, {
      type: 'form.updated',
      appId: form.app_id,
      formId: form.id,
      actorId: user.id,
      payload: { formId: form.id, revision: expected + 1 },
    });
  });
}

/** Freezes the current draft as the next version; published versions are never modified. */
export async function publish(trx: Db, user: User, form: FormRow): Promise<number> {
  const schema = readJson(form.draft_schema);
  const uiSchema = readJson(form.draft_ui_schema);
  assertValidFormSchema(schema, uiSchema);
  const workflow = assertValidWorkflow(readWorkflow(form.draft_workflow), schema as JsonObject);
  await assertRelationTargets(trx, user, schema as JsonObject, uiSchema as JsonObject);
  await assertOptionsFromSources(trx, user, schema as JsonObject, uiSchema as JsonObject);
  const previous = form.latest_version === null ? null : Number(form.latest_version);
  const version = (previous ?? 0) + 1;
  const now = nowIso();
  const moved = await formsRepo.markPublished(trx, form.id, previous, version, now);
  if (moved === 0)
    throw new ConflictError('publish_conflict', 'The form was published by someone else at the same moment; reload and try again.');
  await formVersionsRepo.insert(trx, {
    form_id: form.id,
    version,
    name: form.name,
    schema: writeJson(schema),
    ui_schema: writeJson(uiSchema),
    workflow: workflow === null ? null : writeJson(workflow),
    published_at: now,
    published_by: user.id,
  });
  await appendEvent(trx, {
    type: 'form.published',
    appId: form.app_id,
    formId: form.id,
    actorId: user.id,
    payload: { formId: form.id, version },
  });
  return version;
}

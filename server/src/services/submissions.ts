import { parsePointer, resolvePointer, type JsonObject, type Submission, type User } from '@formloom/schemas';
import type { Database } from '../db/connect.ts';
import { ClaimTakenError, type RowWrite } from '../db/groupCommit.ts';
import { isUniqueViolation, nowIso, readJson, writeJson } from '../db/dialect.ts';
import { AppError, ConflictError, UnprocessableError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { sha256 } from '../lib/secrets.ts';
import { eventRow } from '../repositories/events.ts';
import { formVersionsRepo, type FormRow } from '../repositories/forms.ts';
import { idempotencyRepo } from '../repositories/idempotency.ts';
import { type SubmissionWithSubmitter } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { autoNumbering } from './autoNumbers.ts';
import { recomputeCalculations } from './calculations.ts';
import { validateSubmissionData, validatorFor } from './formSchemas.ts';
import { resolveOptionsFrom } from './optionsFrom.ts';
import { resolveRelations } from './relations.ts';
import { stampSubmitter } from './stamps.ts';
import { stableStringify } from './stableJson.ts';
import { extensionRows, runPrepare, transactionalWork, type SubmissionContext } from './submissionExtensions.ts';
import { startedStatus } from './workflow/extension.ts';

export const IDEMPOTENCY_KEY_MAX = 255;

export function toSubmission(row: SubmissionWithSubmitter): Submission {
  return {
    id: row.id,
    formId: row.form_id,
    formVersion: Number(row.form_version),
    data: readJson(row.data),
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName: row.created_by_name ?? null,
    ...(row.flags ? { flags: readJson(row.flags) } : {}),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by ?? null,
    updatedByName: row.updated_by_name ?? null,
    status: row.status ?? 'submitted',
  };
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

async function replay(db: Db, userId: string, key: string, requestHash: string): Promise<StoredResponse | null> {
  const prior = await idempotencyRepo.find(db, userId, key);
  if (!prior) return null;
  if (prior.request_hash !== requestHash) {
    throw new UnprocessableError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request; use a new key for new data.',
    );
  }
  return { statusCode: Number(prior.status_code), body: readJson(prior.response) };
}

/** Published versions never change, so their schema is cached with the compiled validator. */
const versionCache = new Map<string, { schema: JsonObject; uiSchema: JsonObject }>();
async function publishedVersion(db: Db, formId: string, version: number) {
  const key = `${formId}@${version}`;
  let v = versionCache.get(key);
  if (!v) {
    const row = await formVersionsRepo.find(db, formId, version);
    if (!row) throw new Error(`form ${formId} lost its version ${version}`);
    v = { schema: readJson(row.schema), uiSchema: readJson(row.ui_schema) };
    if (versionCache.size > 1000) versionCache.clear();
    versionCache.set(key, v);
  }
  return v;
}

export interface PreparedSubmission {
  version: number;
  schema: JsonObject;
  uiSchema: JsonObject;
  /** Validated, with relations filled, stamps, calculations and extension fills applied (numbers still 0). */
  data: JsonObject;
  flags: JsonObject | null;
  numbering: ReturnType<typeof autoNumbering>;
  ctx: SubmissionContext;
}

/**
 * Everything a submission's data goes through before it is stored, the same for a new submission,
 * an edit and an import row: links resolved and filled, extension checks (files, geofence, stock),
 * server stamps, calculations, then the published version's JSON Schema. Throws the 422 to send.
 */
export async function prepareSubmission(
  db: Db,
  user: User,
  form: FormRow,
  input: JsonObject,
  opts: {
    operation: SubmissionContext['operation'];
    submissionId: string;
    now: string;
    previous?: JsonObject;
    /** Who and when current-user and submit-time fields record; default: this user, now. An edit keeps the submitter's. */
    stamp?: { userId: string; at: string };
  },
): Promise<PreparedSubmission> {
  if (form.latest_version === null) {
    throw new ConflictError('form_not_published', 'This form has not been published yet; publish it before collecting submissions.');
  }
  const version = Number(form.latest_version);
  const { schema, uiSchema } = await publishedVersion(db, form.id, version);
  const ctx: SubmissionContext = { db, user, form, version, schema, uiSchema, ...opts };
  // Links are checked, and the fields they fill filled in, before anything is computed from them.
  let data = await resolveRelations(db, user, schema, uiSchema, input);
  data = await resolveOptionsFrom(db, user, schema, uiSchema, data);
  const extended = await runPrepare(ctx, data);
  const stamped = stampSubmitter(schema, uiSchema, extended.data, opts.stamp ?? { userId: user.id, at: opts.now });
  data = recomputeCalculations(schema, uiSchema, stamped);
  let numbering = autoNumbering(form.id, schema, uiSchema, opts.now);
  validateSubmissionData(validatorFor(form.id, version, schema), numbering ? numbering.apply(data) : data);
  if (numbering && opts.operation === 'update' && opts.previous) {
    // A submission keeps the numbers it was given; an edit takes no new ones.
    data = keepNumbers(numbering, data, opts.previous);
    numbering = null;
  }
  return { version, schema, uiSchema, data, flags: extended.flags, numbering, ctx };
}

/** `data` with each auto-number field set to the value `previous` holds there (left out when it holds none). */
function keepNumbers(numbering: NonNullable<ReturnType<typeof autoNumbering>>, data: JsonObject, previous: JsonObject): JsonObject {
  const copy = structuredClone(data);
  for (const { field } of numbering.sequences) {
    const tokens = parsePointer(field);
    if (!tokens?.length) continue;
    let holder = copy;
    for (const key of tokens.slice(0, -1)) {
      const next = holder[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) holder[key] = {};
      holder = holder[key] as JsonObject;
    }
    const kept = resolvePointer(previous, field);
    if (kept.found) holder[tokens[tokens.length - 1]] = kept.value;
    else delete holder[tokens[tokens.length - 1]];
  }
  return copy;
}

/**
 * Stores a submission against the form's latest published version. With an Idempotency-Key the
 * row, its domain event and the stored response commit together: a retry after a lost response
 * gets the same answer, and two concurrent requests with one key collide on the key's primary
 * key, so the loser waits for the winner's commit and then replays its response.
 */
export async function createSubmission(
  database: Pick<Database, 'reader' | 'writeRows'>,
  user: User,
  form: FormRow,
  input: { data: JsonObject; idempotencyKey?: string },
): Promise<StoredResponse> {
  const knex = database.reader;
  const key = input.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX)) {
    throw new AppError(400, 'invalid_idempotency_key', `The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX} characters.`);
  }
  const requestHash = sha256(`${form.id}\n${stableStringify(input.data)}`);
  if (key) {
    const prior = await replay(knex, user.id, key, requestHash);
    if (prior) return prior;
  }
  const id = newId();
  const now = nowIso();
  const prepared = await prepareSubmission(knex, user, form, input.data, { operation: 'create', submissionId: id, now });
  const { version, data, numbering, flags, ctx } = prepared;
  const after = transactionalWork(ctx, data);

  const event = eventRow({
    type: 'submission.created',
    appId: form.app_id,
    formId: form.id,
    actorId: user.id,
    payload: { submissionId: id, formVersion: version },
  });
  let body!: Submission;
  // The rows to store once the final data is known; with auto-numbers, only inside the write.
  const rowsFor = (final: JsonObject): RowWrite => {
    body = {
      id,
      formId: form.id,
      formVersion: version,
      data: final,
      createdAt: now,
      createdBy: user.id,
      createdByName: user.name,
      status: startedStatus(ctx),
    };
    if (flags) body.flags = flags;
    const row = {
      id,
      form_id: form.id,
      app_id: form.app_id,
      form_version: version,
      data: writeJson(final),
      flags: flags ? writeJson(flags) : null,
      created_by: user.id,
      created_at: now,
      updated_at: now,
    };
    return {
      claim: key
        ? {
            table: 'idempotency_keys',
            key: ['user_id', 'key'],
            row: { user_id: user.id, key, request_hash: requestHash, status_code: 201, response: writeJson(body), created_at: now },
          }
        : undefined,
      rows: [['submissions', row], ['domain_events', event.row], ...extensionRows(ctx, final)],
    };
  };
  try {
    // Counters or in-transaction work (stock updates) take one ordinary transaction; the rest the fast path.
    await database.writeRows(
      numbering || after
        ? {
            sequences: numbering?.sequences ?? [],
            build: (values) => rowsFor(numbering ? numbering.apply(data, values) : data),
            after: after ?? undefined,
          }
        : rowsFor(data),
    );
  } catch (err) {
    if (key && (err instanceof ClaimTakenError || isUniqueViolation(err))) {
      const prior = await replay(knex, user.id, key, requestHash);
      if (prior) return prior;
      throw new ConflictError('idempotency_key_in_flight', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    throw err;
  }
  // The approval flow's first step ran inside the write and may have ended elsewhere than `pending`.
  body.status = startedStatus(ctx);
  return { statusCode: 201, body };
}

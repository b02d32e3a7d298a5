/**
 * Signing a submission's field or one's own approval task: prepare (the canonical PDF with a PAdES slot,
 * and the digest the browser signs with the person's own key), complete (the CMS checked against the
 * trust roots, embedded, stored with an audit entry), and reading signatures back.
 */
import {
  indexFlow,
  type FlowDefinition,
  type JsonObject,
  type PreparedSignature,
  type Signature,
  type SignerInfo,
  type User,
} from '@formloom/schemas';
import { base64ToBytes, bytesToBase64, canonicalContentHash, isSignatureValue } from '@formloom/schemas/signatures';
import type { Knex } from 'knex';
import { nowIso, readJson, writeJson } from '../../db/dialect.ts';
import { AppError, ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { formsRepo, formVersionsRepo, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm, requirePermission } from '../access.ts';
import { recordAudit } from '../audit/record.ts';
import { loadSubmission } from '../submissionAccess.ts';
import { prepareSubmission } from '../submissions.ts';
import { nodeName } from '../workflow/nodes.ts';
import { PROBLEM_ORDER, checkCms } from './cmsVerify.ts';
import { PROBLEM_MESSAGES, signedWithinRequest } from './completion.ts';
import { signatureFieldsOf } from './fields.ts';
import { renderCanonicalPdf, type FlowDecision } from './pdf.ts';
import { addSignatureSlot, embedCms } from './placeholder.ts';
import { asSigningPreview } from './preview.ts';
import { trustRoots } from './trustRoots.ts';

export interface SigningDeps {
  db: Knex;
  reader: Knex;
}

/** How long a prepared digest may be signed. */
export const SIGNING_TTL_MS = 15 * 60 * 1000;

export interface SignatureRow {
  id: string;
  purpose: 'field' | 'approval';
  form_id: string;
  form_version: number;
  submission_id: string | null;
  task_id: string | null;
  field: string | null;
  signer_user_id: string;
  signer: unknown;
  signed_at: string;
  content_hash: string;
  pdf?: Buffer;
  created_at: string;
}

interface RequestRow {
  id: string;
  user_id: string;
  purpose: 'field' | 'approval';
  form_id: string;
  form_version: number;
  field: string | null;
  task_id: string | null;
  submission_id: string | null;
  content_hash: string;
  digest: string;
  pdf: Buffer;
  contents_offset: number;
  contents_length: number;
  created_at: string;
  expires_at: string;
  signature_id: string | null;
}

const COLUMNS = [
  'id',
  'purpose',
  'form_id',
  'form_version',
  'submission_id',
  'task_id',
  'field',
  'signer_user_id',
  'signer',
  'signed_at',
  'content_hash',
  'created_at',
];

export function toSignature(row: SignatureRow): Signature {
  return {
    id: row.id,
    status: 'valid',
    purpose: row.purpose,
    formId: row.form_id,
    formVersion: Number(row.form_version),
    submissionId: row.submission_id,
    taskId: row.task_id,
    field: row.field,
    signerUserId: row.signer_user_id,
    signer: readJson<SignerInfo>(row.signer),
    signedAt: row.signed_at,
    contentHash: row.content_hash,
    pdfUrl: `/api/signatures/${row.id}/pdf`,
  };
}

export const signatureNotFound = (id: string) =>
  new NotFoundError('signature_not_found', `There is no signature ${id}, or you have no access to it.`);
const signingNotFound = (id: string) =>
  new NotFoundError('signing_not_found', `There is no signing request ${id} of yours; prepare the signature again.`);
const taskNotFound = (id: string) => new NotFoundError('task_not_found', `There is no approval task ${id}, or you have no access to it.`);

async function publishedSchemas(db: Db, formId: string, version: number) {
  const row = await formVersionsRepo.find(db, formId, version);
  if (!row) throw new Error(`form ${formId} lost its version ${version}`);
  return { schema: readJson<JsonObject>(row.schema), uiSchema: readJson<JsonObject>(row.ui_schema) };
}

/** Names for the person fields and signature fields a PDF shows. */
async function valueContext(db: Db, uiSchema: JsonObject, data: JsonObject) {
  const personIds = Object.entries(data)
    .filter(([key, v]) => typeof v === 'string' && (uiSchema[key] as JsonObject | undefined)?.['ui:fieldType'] === 'person')
    .map(([, v]) => v as string);
  const signatureIds = Object.values(data).flatMap((v) => (isSignatureValue(v) ? [v.signatureId] : []));
  const people: { id: string; name: string }[] = personIds.length ? await db('users').whereIn('id', personIds).select('id', 'name') : [];
  const signers: { id: string; signer: unknown }[] = signatureIds.length
    ? await db('signatures').whereIn('id', signatureIds).select('id', 'signer')
    : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const signerNames = new Map(signers.map((s) => [s.id, readJson<SignerInfo>(s.signer).commonName]));
  return { personName: (id: string) => names.get(id), signerName: (id: string) => signerNames.get(id) };
}

const userLabel = (user: { name: string; email?: string | null }) => (user.email ? `${user.name} <${user.email}>` : user.name);

async function storeRequest(
  deps: SigningDeps,
  user: User,
  input: Omit<
    RequestRow,
    'id' | 'user_id' | 'digest' | 'pdf' | 'contents_offset' | 'contents_length' | 'created_at' | 'expires_at' | 'signature_id'
  >,
  pdf: Uint8Array,
  name: string,
  reason: string,
): Promise<PreparedSignature> {
  const now = new Date();
  const slot = await addSignatureSlot(pdf, {
    name,
    reason,
    signingTime: now,
    formId: input.form_id,
    formVersion: input.form_version,
    contentHash: input.content_hash,
  });
  const id = newId();
  const expiresAt = new Date(now.getTime() + SIGNING_TTL_MS).toISOString();
  // Requests nobody finished are of no use after they expire.
  await deps
    .db('signing_requests')
    .where('expires_at', '<', new Date(now.getTime() - SIGNING_TTL_MS).toISOString())
    .delete();
  await deps.db('signing_requests').insert({
    ...input,
    id,
    user_id: user.id,
    digest: Buffer.from(slot.digest).toString('hex'),
    pdf: Buffer.from(slot.pdf),
    contents_offset: slot.contentsOffset,
    contents_length: slot.contentsLength,
    created_at: now.toISOString(),
    expires_at: expiresAt,
  });
  return {
    signingId: id,
    digest: bytesToBase64(slot.digest),
    contentHash: input.content_hash,
    formVersion: input.form_version,
    pdfUrl: `/api/signatures/requests/${id}/pdf`,
    expiresAt,
    preparedAt: now.toISOString(),
  };
}

/** A digitalSignature field of a submission about to be made: the data is checked as a submission would be. */
export async function prepareFieldSignature(deps: SigningDeps, user: User, body: { formId: string; field: string; data: JsonObject }) {
  const { form, permissions } = await loadForm(deps.reader, user, body.formId);
  requirePermission(permissions, 'canFill', 'submit this form');
  if (form.latest_version === null) {
    throw new ConflictError('form_not_published', 'This form has not been published yet; publish it before collecting submissions.');
  }
  const version = Number(form.latest_version);
  const { schema, uiSchema } = await publishedSchemas(deps.reader, form.id, version);
  const signatureFields = signatureFieldsOf(uiSchema);
  if (!signatureFields.includes(body.field)) {
    throw new UnprocessableError(
      'not_a_signature_field',
      `"${body.field}" is not a digital signature field of this form's published version.`,
    );
  }
  const now = nowIso();
  const { result: prepared, signedData } = await asSigningPreview(() =>
    prepareSubmission(deps.reader, user, form, body.data, { operation: 'create', submissionId: newId(), now }),
  );
  const contentHash = await canonicalContentHash({ formId: form.id, formVersion: version, data: signedData, signatureFields });
  const fieldTitle = String((schema.properties as Record<string, JsonObject> | undefined)?.[body.field]?.title ?? body.field);
  const pdf = await renderCanonicalPdf({
    formId: form.id,
    formName: form.name,
    formVersion: version,
    schema,
    uiSchema,
    data: prepared.data,
    submissionId: null,
    submitter: userLabel(user),
    submittedAt: null,
    contentHash,
    purpose: `Signing the field “${fieldTitle}” / 簽署欄位「${fieldTitle}」`,
    context: await valueContext(deps.reader, uiSchema, prepared.data),
  });
  return storeRequest(
    deps,
    user,
    {
      purpose: 'field',
      form_id: form.id,
      form_version: version,
      field: body.field,
      task_id: null,
      submission_id: null,
      content_hash: contentHash,
    },
    pdf,
    user.name,
    `Signed the field "${fieldTitle}" of ${form.name}`,
  );
}

async function flowDecisions(db: Db, submissionId: string, definition: FlowDefinition): Promise<FlowDecision[]> {
  const rows: { node_id: string; status: string; acted_at: string; comment: string | null; name: string }[] = await db(
    'approval_tasks as t',
  )
    .join('users as u', 'u.id', 't.actor_id')
    .where('t.submission_id', submissionId)
    .where('t.kind', 'approve')
    .whereNotNull('t.acted_at')
    .orderBy('t.acted_at')
    .select('t.node_id', 't.status', 't.acted_at', 't.comment', 'u.name');
  return rows.map((r) => ({
    step: nodeName(definition, r.node_id).en,
    person: r.name,
    decision: r.status,
    at: r.acted_at,
    comment: r.comment,
  }));
}

/** What an approval signature's content hash is over: the submission's stored data. */
export async function submissionContentHash(formId: string, version: number, uiSchema: JsonObject, data: JsonObject) {
  return canonicalContentHash({ formId, formVersion: version, data, signatureFields: signatureFieldsOf(uiSchema) });
}

export interface SignableTask {
  task: { id: string; submission_id: string; node_id: string; assignee_id: string; kind: string; status: string };
  definition: FlowDefinition;
  requireSignature: boolean;
}

export async function signableTask(db: Db, user: User, taskId: string): Promise<SignableTask> {
  const task = await db('approval_tasks').where({ id: taskId }).first('id', 'submission_id', 'node_id', 'assignee_id', 'kind', 'status');
  if (!task || task.assignee_id !== user.id || task.kind !== 'approve') throw taskNotFound(taskId);
  const instance = await db('approval_instances').where({ submission_id: task.submission_id }).first('definition');
  if (!instance) throw taskNotFound(taskId);
  const definition = readJson<FlowDefinition>(instance.definition);
  const node = indexFlow(definition).get(task.node_id)?.node;
  return { task, definition, requireSignature: node?.type === 'approval' && node.requireSignature === true };
}

/** One's own pending approval task at a node that requires a signature: the latest signed PDF, signed on top. */
export async function prepareTaskSignature(deps: SigningDeps, user: User, taskId: string) {
  const { task, definition, requireSignature } = await signableTask(deps.reader, user, taskId);
  if (task.status !== 'pending') {
    throw new ConflictError(
      'task_not_pending',
      'This task is no longer waiting for you: it was decided, withdrawn or taken by another approver.',
    );
  }
  if (!requireSignature)
    throw new UnprocessableError('signature_not_required', 'This approval step does not take a signature; approve it as usual.');
  const submission = await deps
    .reader('submissions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .where('s.id', task.submission_id)
    .first('s.id', 's.form_id', 's.form_version', 's.data', 's.created_at', 'u.name as submitter_name', 'u.email as submitter_email');
  const form = submission ? await formsRepo.findById(deps.reader, submission.form_id) : undefined;
  if (!submission || !form) throw taskNotFound(taskId);
  const version = Number(submission.form_version);
  const { schema, uiSchema } = await publishedSchemas(deps.reader, form.id, version);
  const data = readJson<JsonObject>(submission.data);
  const contentHash = await submissionContentHash(form.id, version, uiSchema, data);
  // Earlier approvers' signatures of this same content stay in the PDF: sign on top of the latest one.
  const previous = await deps
    .reader('signatures')
    .where({ submission_id: submission.id, purpose: 'approval', content_hash: contentHash })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .first('pdf');
  const stepName = nodeName(definition, task.node_id).en;
  const base: Uint8Array = previous
    ? new Uint8Array(previous.pdf)
    : await renderCanonicalPdf({
        formId: form.id,
        formName: form.name,
        formVersion: version,
        schema,
        uiSchema,
        data,
        submissionId: submission.id,
        submitter: submission.submitter_name ? userLabel({ name: submission.submitter_name, email: submission.submitter_email }) : '—',
        submittedAt: submission.created_at,
        contentHash,
        purpose: `Approval / 審批: ${stepName}`,
        decisions: await flowDecisions(deps.reader, submission.id, definition),
        context: await valueContext(deps.reader, uiSchema, data),
      });
  return storeRequest(
    deps,
    user,
    {
      purpose: 'approval',
      form_id: form.id,
      form_version: version,
      field: null,
      task_id: task.id,
      submission_id: submission.id,
      content_hash: contentHash,
    },
    base,
    user.name,
    `Approved "${stepName}" of ${form.name}`,
  );
}

async function appIdOf(db: Db, formId: string): Promise<string | null> {
  const form: FormRow | undefined = await formsRepo.findById(db, formId);
  return form?.app_id ?? null;
}

export async function completeSignature(
  deps: SigningDeps,
  user: User,
  signingId: string,
  cmsBase64: string,
  ip: string | null,
): Promise<Signature> {
  const request: RequestRow | undefined = await deps.db('signing_requests').where({ id: signingId, user_id: user.id }).first();
  if (!request) throw signingNotFound(signingId);
  if (request.signature_id)
    throw new ConflictError('signing_completed', 'This signing request is already complete; prepare a new one to sign again.');
  const appId = await appIdOf(deps.reader, request.form_id);
  const refuse = async (code: string, message: string, status = 422) => {
    await recordAudit(deps.db, {
      action: 'signature.refused',
      actorId: user.id,
      targetType: request.task_id ? 'task' : 'form',
      targetId: request.task_id ?? request.form_id,
      appId,
      ip,
      details: { code, signingId, purpose: request.purpose, field: request.field },
    });
    return new AppError(status, code, message);
  };
  if (new Date(request.expires_at).getTime() < Date.now()) {
    throw await refuse('signing_expired', 'This signing request expired (15 minutes); prepare the signature again.', 410);
  }
  let cms: Uint8Array;
  try {
    cms = base64ToBytes(cmsBase64);
  } catch {
    throw await refuse('signature_invalid', 'Send the CMS signature as base64 DER.');
  }
  if (cms.length > Number(request.contents_length))
    throw await refuse('signature_invalid', 'The signature is larger than the PDF has room for.');
  const check = await checkCms(cms, {
    signed: { sha256: new Uint8Array(Buffer.from(request.digest, 'hex')) },
    anchors: await trustRoots.anchors(deps.reader),
    at: new Date(),
  });
  const refusal = PROBLEM_ORDER.find((p) => p !== 'crl_stale' && check.problems.includes(p));
  if (refusal || !check.signer) {
    const code = refusal ?? 'signature_invalid';
    throw await refuse(code, PROBLEM_MESSAGES[code]);
  }
  if (check.signedAt && !signedWithinRequest(check.signedAt, request.created_at)) {
    throw await refuse('signing_time_invalid', PROBLEM_MESSAGES.signing_time_invalid!);
  }
  const pdf = embedCms(new Uint8Array(request.pdf), Number(request.contents_offset), Number(request.contents_length), cms);
  const now = nowIso();
  const row: SignatureRow = {
    id: newId(),
    purpose: request.purpose,
    form_id: request.form_id,
    form_version: Number(request.form_version),
    submission_id: request.submission_id,
    task_id: request.task_id,
    field: request.field,
    signer_user_id: user.id,
    signer: writeJson(check.signer),
    signed_at: (check.signedAt ?? new Date()).toISOString(),
    content_hash: request.content_hash,
    created_at: now,
  };
  await deps.db.transaction(async (trx) => {
    const claimed = await trx('signing_requests').where({ id: signingId }).whereNull('signature_id').update({ signature_id: row.id });
    if (claimed !== 1)
      throw new ConflictError('signing_completed', 'This signing request is already complete; prepare a new one to sign again.');
    await trx('signatures').insert({ ...row, pdf: Buffer.from(pdf) });
    await recordAudit(trx, {
      action: 'signature.signed',
      actorId: user.id,
      targetType: 'signature',
      targetId: row.id,
      appId,
      ip,
      details: {
        purpose: row.purpose,
        formId: row.form_id,
        formVersion: row.form_version,
        field: row.field,
        taskId: row.task_id,
        submissionId: row.submission_id,
        signer: check.signer!.commonName,
        certificateSha256: check.signer!.fingerprintSha256,
        contentHash: row.content_hash,
      },
    });
  });
  return toSignature(row);
}

/** A signature the caller may see: whoever may see its submission; before it is submitted, only its signer. */
export async function loadSignature(
  deps: SigningDeps,
  user: User,
  id: string,
): Promise<{ row: SignatureRow; hidden: ReadonlySet<string> }> {
  const row: SignatureRow | undefined = await deps.reader('signatures').where({ id }).first(COLUMNS);
  if (!row) throw signatureNotFound(id);
  if (!row.submission_id) {
    if (row.signer_user_id !== user.id) throw signatureNotFound(id);
    return { row, hidden: new Set() };
  }
  try {
    const access = await loadSubmission(deps.reader, user, row.submission_id);
    return { row, hidden: access.hidden };
  } catch (err) {
    if (err instanceof AppError && (err.statusCode === 403 || err.statusCode === 404)) throw signatureNotFound(id);
    throw err;
  }
}

export async function signaturePdf(deps: SigningDeps, user: User, id: string): Promise<Buffer> {
  const { hidden } = await loadSignature(deps, user, id);
  // The PDF shows every answer; someone kept from a sensitive field of this record may not have it.
  if (hidden.size > 0) {
    throw new ForbiddenError('This signed PDF shows fields you may not see; ask someone who may see the whole record.', 'field_hidden');
  }
  const { pdf } = await deps.reader('signatures').where({ id }).first('pdf');
  return Buffer.from(pdf);
}

export async function requestPdf(deps: SigningDeps, user: User, signingId: string): Promise<Buffer> {
  const row = await deps.reader('signing_requests').where({ id: signingId, user_id: user.id }).first('pdf');
  if (!row) throw signingNotFound(signingId);
  return Buffer.from(row.pdf);
}

export async function submissionSignatures(deps: SigningDeps, user: User, submissionId: string): Promise<Signature[]> {
  await loadSubmission(deps.reader, user, submissionId);
  const rows: SignatureRow[] = await deps
    .reader('signatures')
    .where({ submission_id: submissionId })
    .orderBy('created_at')
    .orderBy('id')
    .select(COLUMNS);
  return rows.map(toSignature);
}

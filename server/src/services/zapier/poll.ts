import type { DomainEvent, User } from '@formloom/schemas';
import { parseSchemaColumn, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { buildEnvelope, eventFromRow, type DomainEventRow, type EventEnvelope } from '../webhooks/envelope.ts';
import { zapierItem, type ZapierEvent } from './items.ts';
import { madeUpData } from './sampleData.ts';
import { envelopeAs, ViewerCache, type EnvelopeViewer } from '../webhooks/viewer.ts';

/** Zapier reads the first page of a polling trigger only; it remembers the ids it has seen. */
export const POLL_LIMIT = 50;
const SAMPLE_EVENT_ID = 'sample';
/** Events looked at for a real sample: the latest few may be of submissions deleted since. */
const SAMPLE_LOOKBACK = 10;

/**
 * The latest items of a trigger, newest first, each built the way the REST hook builds its body
 * (the envelope of the stored event, then `zapierItem`), so polling and hooks never disagree.
 * Submissions deleted since are left out of the other triggers: they are no longer there to act on.
 */
export async function pollItems(
  db: Db,
  form: FormRow,
  event: ZapierEvent,
  viewer: EnvelopeViewer,
  limit = POLL_LIMIT,
): Promise<Record<string, unknown>[]> {
  const rows: DomainEventRow[] = await db('domain_events').where({ form_id: form.id, type: event }).orderBy('seq', 'desc').limit(limit);
  const items: Record<string, unknown>[] = [];
  const viewers = new ViewerCache(db);
  for (const row of rows) {
    const envelope = await envelopeAs(db, await buildEnvelope(db, eventFromRow(row)), viewer, viewers);
    if (!envelope || (event !== 'submission.deleted' && !envelope.submission)) continue;
    items.push(zapierItem(envelope));
  }
  return items;
}

/**
 * One item for the Zap editor to show and map: the trigger's latest real item; else one made from
 * the form's latest submission; else one made up from the form's fields.
 */
export async function sampleItems(
  db: Db,
  user: User,
  form: FormRow,
  event: ZapierEvent,
  viewer: EnvelopeViewer,
): Promise<Record<string, unknown>[]> {
  const [latest] = await pollItems(db, form, event, viewer, SAMPLE_LOOKBACK);
  if (latest) return [latest];
  const real = await fromLatestSubmission(db, form, event);
  const envelope = (real && (await envelopeAs(db, real, viewer))) ?? (await madeUp(db, user, form, event, viewer));
  if (event === 'submission.deleted') delete envelope.submission; // what a deletion's hook carries
  return [zapierItem(envelope)];
}

/** What each trigger's event says besides the submission id, with plausible values. */
function samplePayload(event: ZapierEvent, submissionId: string, status: string): Record<string, unknown> {
  switch (event) {
    case 'submission.created':
      return { submissionId, formVersion: 1 };
    case 'submission.updated':
      return { submissionId, formVersion: 1, revision: 2 };
    case 'submission.deleted':
      return { submissionId };
    case 'submission.status_changed':
      return { submissionId, from: 'pending', to: status === 'pending' || status === 'submitted' ? 'approved' : status };
  }
}

async function fromLatestSubmission(db: Db, form: FormRow, event: ZapierEvent): Promise<EventEnvelope | null> {
  const row = await db('submissions').where({ form_id: form.id }).whereNull('deleted_at').orderBy('id', 'desc').first('id', 'status');
  if (!row) return null;
  const sampleEvent = {
    id: SAMPLE_EVENT_ID,
    type: event,
    appId: form.app_id,
    formId: form.id,
    actorId: null,
    occurredAt: new Date().toISOString(),
    payload: samplePayload(event, row.id, row.status ?? 'submitted'),
  } as DomainEvent;
  return buildEnvelope(db, sampleEvent);
}

async function madeUp(db: Db, user: User, form: FormRow, event: ZapierEvent, viewer: EnvelopeViewer): Promise<EventEnvelope> {
  const version = form.latest_version
    ? await db('form_versions').where({ form_id: form.id, version: form.latest_version }).first('schema', 'ui_schema')
    : null;
  const schema = parseSchemaColumn(version?.schema ?? form.draft_schema) ?? {};
  const uiSchema = parseSchemaColumn(version?.ui_schema ?? form.draft_ui_schema) ?? {};
  const { data: sample, files } = madeUpData(schema, uiSchema);
  // Made-up values, but a hidden field's key is not offered for mapping either.
  const hidden = await new ViewerCache(db).hiddenFieldsOf(viewer, form.id);
  const data = Object.fromEntries(Object.entries(sample).filter(([key]) => !hidden.has(key)));
  const now = new Date().toISOString();
  const payload = samplePayload(event, 'sample-submission', 'submitted');
  return {
    id: SAMPLE_EVENT_ID,
    type: event,
    occurredAt: now,
    appId: form.app_id,
    formId: form.id,
    actorId: user.id,
    data: payload,
    form: { id: form.id, name: form.name },
    submission: {
      id: 'sample-submission',
      formId: form.id,
      formVersion: form.latest_version ?? 0,
      status: event === 'submission.status_changed' ? String(payload.to) : 'submitted',
      data,
      createdAt: now,
      updatedAt: now,
      submittedBy: { id: user.id, name: user.name, email: user.email },
      ...(Object.keys(files).length ? { files } : {}),
    },
  };
}

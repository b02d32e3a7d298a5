import type { DomainEvent } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import type { Db } from '../../repositories/types.ts';

/**
 * The canonical JSON of an event as webhooks send it (docs/WEBHOOKS.md) and templates see it:
 * the event itself, plus the submission it is about (current state, read when the envelope is built)
 * and the form's name, so receivers need no call back to act on it.
 */
export interface EventEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  appId: string | null;
  formId: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
  form?: { id: string; name: string };
  submission?: {
    id: string;
    formId: string;
    formVersion: number;
    status: string;
    data: Record<string, unknown>;
    createdAt: string;
    updatedAt: string;
    submittedBy: { id: string; name: string; email: string } | null;
    /** Names of the files the data names by id, so receivers can show them (absent when there are none). */
    files?: Record<string, { name: string }>;
  };
}

export interface DomainEventRow {
  seq: number | string;
  id: string;
  type: string;
  app_id: string | null;
  form_id: string | null;
  actor_id: string | null;
  payload: unknown;
  occurred_at: string;
}

export function eventFromRow(row: DomainEventRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    appId: row.app_id,
    formId: row.form_id,
    actorId: row.actor_id,
    occurredAt: row.occurred_at,
    payload: readJson(row.payload),
  } as DomainEvent;
}

export async function buildEnvelope(db: Db, event: DomainEvent): Promise<EventEnvelope> {
  const payload = event.payload as Record<string, unknown>;
  const envelope: EventEnvelope = {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    appId: event.appId,
    formId: event.formId,
    actorId: event.actorId,
    data: payload,
  };
  const formId = event.formId ?? (typeof payload.formId === 'string' ? payload.formId : null);
  const submissionId = typeof payload.submissionId === 'string' ? payload.submissionId : null;
  // The submission comes with its form's name (one read per delivery instead of two: the dispatcher's hot path).
  const row = submissionId
    ? await db('submissions as s')
        .leftJoin('users as u', 'u.id', 's.created_by')
        .leftJoin('forms as fm', 'fm.id', 's.form_id')
        .where('s.id', submissionId)
        .whereNull('s.deleted_at')
        .first('s.*', 'u.name as submitter_name', 'u.email as submitter_email', 'fm.name as form_name')
    : undefined;
  if (row && (formId === null || formId === row.form_id)) envelope.form = { id: row.form_id, name: row.form_name };
  else if (formId) {
    const form = await db('forms').where({ id: formId }).first('id', 'name');
    if (form) envelope.form = { id: form.id, name: form.name };
  }
  if (row) {
    envelope.submission = {
      id: row.id,
      formId: row.form_id,
      formVersion: row.form_version,
      status: row.status ?? 'submitted',
      data: readJson<Record<string, unknown>>(row.data) ?? {},
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      submittedBy: row.created_by ? { id: row.created_by, name: row.submitter_name, email: row.submitter_email } : null,
    };
    const files: { id: string; name: string }[] = await db('submission_files as sf')
      .join('files as f', 'f.id', 'sf.file_id')
      .where('sf.submission_id', row.id)
      .select('f.id', 'f.name');
    if (files.length) envelope.submission.files = Object.fromEntries(files.map((f) => [f.id, { name: f.name }]));
  }
  return envelope;
}

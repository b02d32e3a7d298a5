import type { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type DomainEvent, type User, type WebhookPreview, type WebhookPreviewRequest } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm, requirePermission } from '../access.ts';
import { buildEnvelope, eventFromRow, type DomainEventRow } from './envelope.ts';
import { filterMatches } from './filter.ts';
import { envelopeAs, viewerOf } from './viewer.ts';
import { checkFilterFor } from './subscriptions.ts';
import { renderTemplateSource, TemplateError } from './templates.ts';

type PreviewRequest = z.infer<typeof WebhookPreviewRequest>;

/** How far back to look for the submission's own event of the type, so the preview is what was sent. */
const RECENT_EVENTS = 200;

interface SubmissionRef {
  id: string;
  form_id: string;
  form_version: number;
}

async function pickSubmission(db: Db, request: PreviewRequest): Promise<SubmissionRef | null> {
  const live = db<SubmissionRef>('submissions').whereNull('deleted_at').select('id', 'form_id', 'form_version');
  if (request.submissionId) return (await live.where({ id: request.submissionId }).first()) ?? null;
  if (request.formId)
    return (
      (await live
        .where({ form_id: request.formId })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first()) ?? null
    );
  return null;
}

/**
 * The event the preview renders: the submission's own latest event of that type when there is one
 * (its id, time and payload), else one made up around the submission, as a new event would carry it.
 */
async function eventFor(db: Db, type: string, submission: SubmissionRef, appId: string, actorId: string): Promise<DomainEvent> {
  const recent: DomainEventRow[] = await db('domain_events')
    .where({ type, form_id: submission.form_id })
    .orderBy('seq', 'desc')
    .limit(RECENT_EVENTS);
  const own = recent.find((row) => readJson<{ submissionId?: unknown }>(row.payload)?.submissionId === submission.id);
  if (own) return eventFromRow(own);
  return {
    id: 'preview',
    type,
    appId,
    formId: submission.form_id,
    actorId,
    occurredAt: new Date().toISOString(),
    payload: { submissionId: submission.id, formVersion: submission.form_version },
  } as DomainEvent;
}

/** POST /api/webhooks/preview: the body for a real submission and whether the filter lets it through; nothing is saved. */
export async function previewWebhook(db: Db, user: User, request: PreviewRequest): Promise<WebhookPreview> {
  if (!(WEBHOOK_EVENT_TYPES as string[]).includes(request.event))
    throw new UnprocessableError('invalid_event', `"${request.event}" is not an event type; preview one such as submission.created.`, {
      path: 'event',
    });
  if (!request.submissionId && !request.formId)
    throw new UnprocessableError(
      'preview_needs_submission',
      'Give formId (its latest submission is used) or submissionId to preview with.',
    );
  if (request.formId) {
    const { permissions } = await loadForm(db, user, request.formId);
    requirePermission(permissions, 'canEdit', "preview webhooks with this form's submissions");
  }
  const submission = await pickSubmission(db, request);
  const none = () =>
    new NotFoundError(
      'no_submission_to_preview',
      request.submissionId
        ? `There is no submission ${request.submissionId} to preview with.`
        : 'The form has no submission yet; submit one, then preview.',
    );
  if (!submission || (request.formId && submission.form_id !== request.formId)) throw none();
  // A submission of a form the caller cannot see is no submission to them.
  const { form, permissions } = await loadForm(db, user, submission.form_id).catch((err: unknown) => {
    throw err instanceof NotFoundError ? none() : err;
  });
  requirePermission(permissions, 'canEdit', "preview webhooks with this form's submissions");

  if (request.filter) await checkFilterFor(db, request.filter, form, user);
  // As the caller may see it: the subscription they save will be theirs, and its deliveries built for them.
  const full = await buildEnvelope(db, await eventFor(db, request.event, submission, form.app_id, user.id));
  const envelope = await envelopeAs(db, full, viewerOf(user, permissions));
  if (!envelope) throw none();
  let rendered = { body: JSON.stringify(envelope), contentType: 'application/json' };
  if (request.template && request.template.trim() !== '') {
    try {
      rendered = renderTemplateSource(request.template, request.contentType ?? 'application/json', envelope);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      throw new UnprocessableError('invalid_template', err.message, { path: 'template', line: err.line });
    }
  }
  return { ...rendered, matchesFilter: filterMatches(request.filter, envelope), submissionId: submission.id };
}

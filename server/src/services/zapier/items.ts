import { mailerSettingsFromEnv } from '../notifications/mailer.ts';
import type { EventEnvelope } from '../webhooks/envelope.ts';

/**
 * The flat object Zapier shows as a trigger's fields: the same shape from the REST hook (the
 * dispatcher renders it through `renderWebhookBody`), the polling endpoint and the sample endpoint,
 * so a Zap built on samples keeps working on live data (docs/ZAPIER.md).
 */

/** The triggers a Zapier app offers; each is one event type of a form's submissions. */
export const ZAPIER_EVENTS = ['submission.created', 'submission.updated', 'submission.deleted', 'submission.status_changed'] as const;
export type ZapierEvent = (typeof ZAPIER_EVENTS)[number];

export const isZapierEvent = (event: string): event is ZapierEvent => (ZAPIER_EVENTS as readonly string[]).includes(event);

/** A file value as Zapier gets it: its name and a link that opens with the same API token. */
export interface ZapierFile {
  name: string;
  url: string;
}

/** The envelope's `submission.files`: names of the files the data names, by file id. */
type FileNames = NonNullable<NonNullable<EventEnvelope['submission']>['files']>;

export interface ZapierItemOptions {
  /** Where people reach this server; file links are made absolute with it. */
  publicUrl?: string;
}

/** Keys every item has, whatever the form: a form field with one of these names comes as `field_<key>`. */
export const ZAPIER_META_KEYS = [
  'id',
  'event',
  'event_id',
  'occurred_at',
  'form_id',
  'form_name',
  'submission_id',
  'status',
  'previous_status',
  'revision',
  'submitted_by_id',
  'submitted_by_name',
  'submitted_by_email',
  'created_at',
  'updated_at',
] as const;

const META = new Set<string>(ZAPIER_META_KEYS);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * What Zapier deduplicates on: it fires a Zap once per id it has not seen. A submission is created
 * once; an edit is one revision; statuses can repeat (returned, resubmitted, pending again), so a
 * status change carries its event's id too.
 */
export function zapierItemId(envelope: Pick<EventEnvelope, 'id' | 'type' | 'data'>): string {
  const submissionId = str(envelope.data.submissionId);
  if (!submissionId) return envelope.id;
  switch (envelope.type) {
    case 'submission.created':
      return submissionId;
    case 'submission.updated':
      return `${submissionId}:r${Number(envelope.data.revision)}`;
    case 'submission.deleted':
      return `${submissionId}:deleted`;
    case 'submission.status_changed':
      return `${submissionId}:${str(envelope.data.to) ?? 'status'}:${envelope.id}`;
    default:
      return envelope.id;
  }
}

export function zapierItem(envelope: EventEnvelope, options: ZapierItemOptions = {}): Record<string, unknown> {
  const submission = envelope.submission;
  const data = envelope.data;
  const status = envelope.type === 'submission.deleted' ? 'deleted' : (str(data.to) ?? submission?.status ?? null);
  const item: Record<string, unknown> = {
    id: zapierItemId(envelope),
    event: envelope.type,
    event_id: envelope.id,
    occurred_at: envelope.occurredAt,
    form_id: envelope.form?.id ?? envelope.formId,
    form_name: envelope.form?.name ?? null,
    submission_id: submission?.id ?? str(data.submissionId),
    status,
    previous_status: str(data.from),
    revision: typeof data.revision === 'number' ? data.revision : null,
    submitted_by_id: submission?.submittedBy?.id ?? null,
    submitted_by_name: submission?.submittedBy?.name ?? null,
    submitted_by_email: submission?.submittedBy?.email ?? null,
    created_at: submission?.createdAt ?? null,
    updated_at: submission?.updatedAt ?? null,
  };
  if (!submission) return item;
  const files = submission.files ?? {};
  const baseUrl = (options.publicUrl ?? mailerSettingsFromEnv().publicUrl).replace(/\/+$/, '');
  const describe = (value: unknown): unknown => describeValue(value, files, baseUrl);
  for (const [key, value] of Object.entries(submission.data)) {
    item[META.has(key) ? `field_${key}` : key] = describe(value);
  }
  return item;
}

/**
 * A field's value for Zapier: file ids become `{name, url}`; sub-table rows stay arrays of objects
 * (Zapier turns them into line items); sections stay objects; everything else (person ids, dates,
 * numbers) as stored.
 */
function describeValue(value: unknown, files: FileNames, baseUrl: string): unknown {
  if (typeof value === 'string' && Object.hasOwn(files, value)) return fileFor(value, files[value].name, baseUrl);
  if (Array.isArray(value)) return value.map((v) => describeValue(v, files, baseUrl));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describeValue(v, files, baseUrl)]));
  }
  return value;
}

export function fileFor(fileId: string, name: string, baseUrl: string): ZapierFile {
  return { name, url: `${baseUrl}/api/files/${encodeURIComponent(fileId)}` };
}

import type { FlowCondition } from '@formloom/schemas';
import type { WebhookCreate, WebhookPatch, WebhookSubscription } from '../../../api/webhooks.ts';
import { conditionFromRows, rowsFromCondition, type FilterField, type FilterRows } from './filterRows.ts';
import { headersFromRecord, headersToRecord, type HeaderRow } from './HeadersEditor.tsx';

export type ContentType = NonNullable<WebhookCreate['contentType']>;
export const CONTENT_TYPES: ContentType[] = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];

/** The editor's state of one webhook, as people edit it (text in inputs, rows, a set of event patterns). */
export interface WebhookDraft {
  url: string;
  description: string;
  events: Set<string>;
  appId: string | null;
  formId: string | null;
  filter: FilterRows;
  /** A stored filter the rows cannot show (set through the API): kept as it is unless removed. */
  complexFilter: FlowCondition | null;
  headers: HeaderRow[];
  payload: 'canonical' | 'template' | 'zapier';
  template: string;
  contentType: ContentType;
}

/** A starting point that renders with any submission: fields of the canonical envelope, as JSON strings. */
export const EXAMPLE_TEMPLATE = '{\n  "event": "{{type}}",\n  "submission": "{{submission.id}}",\n  "form": "{{form.name}}"\n}';

export function newDraft(scope: { appId: string | null; formId: string | null }): WebhookDraft {
  return {
    url: '',
    description: '',
    events: new Set(['submission.created']),
    ...scope,
    filter: { combine: 'all', rows: [] },
    complexFilter: null,
    headers: [],
    payload: 'canonical',
    template: '',
    contentType: 'application/json',
  };
}

export function draftOf(webhook: WebhookSubscription): WebhookDraft {
  const rows = rowsFromCondition(webhook.filter);
  return {
    url: webhook.url,
    description: webhook.description ?? '',
    events: new Set(webhook.events),
    appId: webhook.appId,
    formId: webhook.formId,
    filter: rows ?? { combine: 'all', rows: [] },
    complexFilter: rows ? null : webhook.filter,
    headers: headersFromRecord(webhook.headers),
    payload: webhook.format,
    template: webhook.template ?? '',
    contentType: (CONTENT_TYPES as string[]).includes(webhook.contentType) ? (webhook.contentType as ContentType) : 'application/json',
  };
}

/** The filter as the API takes it; rows only apply to a form's fields. */
export const draftFilter = (draft: WebhookDraft, fields: FilterField[] | null): FlowCondition | null =>
  draft.complexFilter ?? (draft.formId && fields ? conditionFromRows(draft.filter, fields) : null);

/** The create body (and, with the same fields, the PATCH of an existing webhook). */
export function bodyOf(draft: WebhookDraft, events: string[], fields: FilterField[] | null): WebhookCreate & WebhookPatch {
  const usesTemplate = draft.payload === 'template';
  return {
    url: draft.url.trim(),
    description: draft.description.trim() || undefined,
    events,
    appId: draft.appId,
    formId: draft.formId,
    filter: draftFilter(draft, fields),
    headers: headersToRecord(draft.headers),
    // A Zapier hook's format is Zapier's: leave it alone.
    ...(draft.payload === 'zapier' ? {} : { template: usesTemplate ? draft.template : null }),
    ...(usesTemplate ? { contentType: draft.contentType } : {}),
  };
}

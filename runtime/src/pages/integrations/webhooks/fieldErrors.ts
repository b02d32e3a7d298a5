import { ApiError } from '../../../api/errors.ts';

/** The parts of the editor an API error can point at. */
export type WebhookField = 'url' | 'description' | 'events' | 'scope' | 'filter' | 'headers' | 'template';

export interface SaveErrors {
  fields: Partial<Record<WebhookField, string>>;
  /** Said above the form when no field fits (or as well as the field, for a save). */
  general: string | null;
}

/** Codes the webhooks API answers with, by the part of the editor they concern (docs/API.md, Webhooks). */
const CODE_FIELD: [RegExp, WebhookField][] = [
  [/url/, 'url'],
  [/template/, 'template'],
  [/filter|condition/, 'filter'],
  [/header/, 'headers'],
  [/event/, 'events'],
  [/app|form|scope/, 'scope'],
];

const PATH_FIELD: Record<string, WebhookField> = {
  url: 'url',
  description: 'description',
  events: 'events',
  appId: 'scope',
  formId: 'scope',
  filter: 'filter',
  headers: 'headers',
  template: 'template',
  contentType: 'template',
};

/** `/headers/X-Key` or `headers.X-Key` or `body/headers` → `headers`. */
const pathField = (path: string): WebhookField | undefined =>
  path
    .split(/[/.]/)
    .filter((p) => p && p !== 'body')
    .map((p) => PATH_FIELD[p])
    .find(Boolean);

/**
 * Puts a refused save's problems next to the settings they concern: validation details by their path,
 * a named check (422 webhook_url_not_allowed, invalid_template, …) by its code; anything else says the
 * server's message above the form.
 */
export function saveErrors(error: unknown): SaveErrors {
  if (!(error instanceof ApiError) || error.status >= 500) return { fields: {}, general: null };
  const fields: SaveErrors['fields'] = {};
  const details = Array.isArray(error.details) ? (error.details as { path?: unknown; message?: unknown }[]) : [];
  for (const d of details) {
    const field = typeof d.path === 'string' ? pathField(d.path) : undefined;
    if (field && !fields[field] && typeof d.message === 'string') fields[field] = d.message;
  }
  if (Object.keys(fields).length === 0) {
    const byCode = CODE_FIELD.find(([pattern]) => pattern.test(error.code))?.[1];
    if (byCode && error.status !== 403) fields[byCode] = error.message;
  }
  return { fields, general: Object.keys(fields).length === 0 ? error.message : null };
}

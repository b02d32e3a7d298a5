import type { ErrorTransformer, RJSFValidationError } from '@rjsf/utils';
import type { TFunction } from 'i18next';

// ajv's keyword → our message key. Params come from ajv's `params` (limit, missingProperty, ...).
const KEYS: Record<string, string> = {
  required: 'validation.required',
  minLength: 'validation.minLength',
  maxLength: 'validation.maxLength',
  minimum: 'validation.minimum',
  maximum: 'validation.maximum',
  exclusiveMinimum: 'validation.exclusiveMinimum',
  exclusiveMaximum: 'validation.exclusiveMaximum',
  multipleOf: 'validation.multipleOf',
  pattern: 'validation.pattern',
  format: 'validation.format',
  type: 'validation.type',
  enum: 'validation.choice',
  const: 'validation.choice',
  oneOf: 'validation.choice',
  anyOf: 'validation.choice',
  minItems: 'validation.minItems',
  maxItems: 'validation.maxItems',
  uniqueItems: 'validation.uniqueItems',
  // Not JSON Schema: the server's recomputed calculated field differs from the value the page sent.
  calculated: 'validation.calculated',
  // The server found no record of the source form holding this choice (ui:options.optionsFrom).
  optionsFrom: 'validation.optionsFrom',
  // The server found no upload of the submitter's (or no image for a photo) behind a file field's value.
  file: 'upload.validation.file',
  // The server's geofence check on a location field (server/src/services/geofence.ts).
  geofence: 'location.validation.geofence',
  accuracy: 'location.validation.accuracy',
};

// Formats get their own wording: "Enter an email address" says more than "must match format".
const FORMAT_KEYS: Record<string, string> = {
  email: 'validation.formatEmail',
  date: 'validation.formatDate',
  'date-time': 'validation.formatDateTime',
  time: 'validation.formatTime',
  uri: 'validation.formatUri',
};

/**
 * rjsf's `transformErrors`: ajv's English ("must have required property 'x'") becomes a short message in
 * the UI language, one per field (a oneOf choice otherwise reports every branch it did not match).
 */
export function createErrorTransformer(t: TFunction): ErrorTransformer {
  return (errors: RJSFValidationError[]) => {
    const seen = new Set<string>();
    const out: RJSFValidationError[] = [];
    for (const error of errors) {
      const message = localizeValidationMessage(t, error.name, error.params, error.message ?? '');
      const dedupe = `${error.property}\u0000${message}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      out.push({ ...error, message, stack: `${error.property ?? ''} ${message}`.trim() });
    }
    return out;
  };
}

/**
 * One validation message in the UI language, from the JSON Schema keyword and its params — for
 * rjsf's own errors and for the server's 422 details alike (the server sends English `message`
 * plus `keyword` and `params`). Unknown keywords keep the fallback text.
 */
export function localizeValidationMessage(
  t: TFunction,
  keyword: string | undefined,
  params: Record<string, unknown> | undefined,
  fallback: string,
): string {
  const key = keyword === 'format' ? (FORMAT_KEYS[String(params?.format)] ?? KEYS.format) : KEYS[keyword ?? ''];
  return key ? t(key, { ...(params ?? {}), limit: params?.limit }) : fallback;
}

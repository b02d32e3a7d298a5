import type { ErrorObject } from 'ajv';
import type { ValidationDetail } from '@formloom/schemas';
import { UnprocessableError } from '../lib/errors.ts';

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Wrappers whose own error only repeats what their inner errors already say. */
const WRAPPER_KEYWORDS = new Set(['if', 'then', 'else', 'allOf']);

function messageOf(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'const':
      return e.params.allowedValue === true ? 'must be checked' : `must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'enum':
      return 'must be one of the allowed options';
    case 'additionalProperties':
      return `has an unknown field "${e.params.additionalProperty}"`;
    default:
      return e.message ?? 'is invalid';
  }
}

/**
 * ajv errors → `{path, message}` with `path` a JSON Pointer to the offending value in the data
 * (for a missing field, the field itself rather than its parent), one entry per problem.
 */
export function toValidationDetails(errors: ErrorObject[]): ValidationDetail[] {
  const choiceFailures = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: ValidationDetail[] = [];
  for (const e of errors) {
    if (WRAPPER_KEYWORDS.has(e.keyword)) continue;
    let path = e.instancePath;
    let message = messageOf(e);
    let keyword = e.keyword;
    let params: Record<string, unknown> = e.params;
    if (e.keyword === 'required') path += `/${escapePointer(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') path += `/${escapePointer(e.params.additionalProperty)}`;
    // A choice list (oneOf of consts) fails once per option; say it once, plainly.
    if (choiceFailures.has(e.instancePath) && (e.keyword === 'const' || e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
      message = 'must be one of the allowed options';
      keyword = 'oneOf';
      params = {};
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message, keyword, params });
  }
  return out;
}

/** The 422 for a submission with problems: each in `details`, the first three in the message. */
export function validationFailed(details: ValidationDetail[]): UnprocessableError {
  const summary = details
    .slice(0, 3)
    .map((d) => `${d.path || '/'}: ${d.message}`)
    .join('; ');
  return new UnprocessableError(
    'validation_failed',
    `The submission has ${details.length} problem${details.length === 1 ? '' : 's'}: ${summary}${details.length > 3 ? '; …' : ''}.`,
    details,
  );
}

/**
 * Calculated fields on the server: the server works every one out again from the submitted answers,
 * fills in those the client left out, and refuses a submission whose own value for one differs (a
 * stale form, a faulty or dishonest client). Also the form-save check that every formula parses and
 * that no fields read each other in a circle.
 */
import {
  checkCalculations,
  computeCalculations,
  stripFloatNoise,
  type ExpressionValue,
  type JsonObject,
  type ValidationDetail,
} from '@formloom/schemas';
import { UnprocessableError } from '../lib/errors.ts';
import { validationFailed } from './validationErrors.ts';

/** Binary noise allowed on top of a tolerance, relative to the numbers compared (a few units in the last place). */
const FLOAT_SLACK = 4 * Number.EPSILON;

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Whether a client's value for a calculated field is the server's. Numbers rounded to `decimals`
 * places (money: 2) may differ by up to half a unit in the last place (HK$0.005), so a client that
 * rounds differently, or not at all, still agrees; other numbers must be equal once binary float
 * noise is dropped (0.30000000000000004 is 0.3); texts and true/false must be identical.
 */
export function matchesCalculatedValue(sent: unknown, expected: ExpressionValue, decimals: number | null): boolean {
  if (typeof sent !== 'number' || typeof expected !== 'number') return sent === expected;
  if (!Number.isFinite(sent)) return false;
  if (decimals === null) return stripFloatNoise(sent) === stripFloatNoise(expected);
  const halfUnit = Number(`5e-${decimals + 1}`);
  return Math.abs(sent - expected) <= halfUnit + FLOAT_SLACK * Math.max(1, Math.abs(sent), Math.abs(expected));
}

/** The value at `path` in client data, reading own properties only. */
function valueAt(data: unknown, path: (string | number)[]): unknown {
  let value = data;
  for (const step of path) {
    if (typeof step === 'number') value = Array.isArray(value) ? value[step] : undefined;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, step)) {
      value = (value as JsonObject)[step];
    } else value = undefined;
  }
  return value;
}

/**
 * The submitted data with every calculated field worked out by the server. A calculated field the
 * client left out (or sent as null) is filled in; one it sent with another value is refused with
 * 422 `validation_failed`, a detail per field: `{path, message, keyword: 'calculated', params: {expected}}`.
 */
export function recomputeCalculations(schema: JsonObject, uiSchema: JsonObject, sent: JsonObject): JsonObject {
  const { data, values } = computeCalculations(schema, uiSchema, sent);
  const details: ValidationDetail[] = [];
  for (const { path, value, field } of values) {
    const client = valueAt(sent, path);
    if (client === undefined || client === null) continue;
    if (matchesCalculatedValue(client, value, field.decimals)) continue;
    details.push({
      path: path.map((step) => `/${escapePointer(String(step))}`).join(''),
      message: 'does not match the calculated value',
      keyword: 'calculated',
      params: { expected: value },
    });
  }
  if (details.length === 0) return data;
  throw validationFailed(details);
}

/**
 * Refuses (422 `invalid_schema`) a form whose calculated-field expression does not parse, or whose
 * calculated fields read each other in a circle. The details list every problem with the field,
 * a JSON Pointer into the uiSchema and, for a syntax error, the 0-based position in the expression.
 */
export function assertValidCalculations(schema: JsonObject, uiSchema: JsonObject): void {
  const problems = checkCalculations(schema, uiSchema);
  if (problems.length === 0) return;
  const [first] = problems;
  const what =
    first.position === undefined
      ? `${first.message}, so none of them can be worked out`
      : `The expression of the calculated field "${first.field}" (${first.pointer}) cannot be read: ${first.message}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'} with calculations)` : '';
  throw new UnprocessableError('invalid_schema', `${what}${more}.`, problems);
}

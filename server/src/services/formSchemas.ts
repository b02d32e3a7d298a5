import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import { UnprocessableError } from '../lib/errors.ts';
import { MULTIPLE_OF_PRECISION } from '@formloom/schemas';
import { assertValidCalculations } from './calculations.ts';
import { toValidationDetails, validationFailed } from './validationErrors.ts';
import { assertValidAutoNumbers } from './autoNumbers.ts';
import { assertValidGeofences } from './geofence.ts';
import { stockLedgerOf } from './stock/ledger.ts';

/** Limits on user-authored schemas: a form is small; anything bigger is a mistake or an attack. */
export const SCHEMA_LIMITS = { maxBytes: 512 * 1024, maxDepth: 32, maxNodes: 20_000 } as const;
const DRAFT_07 = new Set([
  'http://json-schema.org/draft-07/schema#',
  'http://json-schema.org/draft-07/schema',
  'https://json-schema.org/draft-07/schema#',
  'https://json-schema.org/draft-07/schema',
]);
const DRAFT_2020 = new Set(['https://json-schema.org/draft/2020-12/schema', 'https://json-schema.org/draft/2020-12/schema#']);
/** Keywords that load or redirect to other documents, or let data steer validation. */
const FORBIDDEN_KEYWORDS = new Set(['$data', '$id', '$dynamicRef', '$recursiveRef', '$recursiveAnchor', '$dynamicAnchor']);
const VALIDATOR_CACHE_SIZE = 500;

/**
 * User patterns run on RE2 (linear time): a pattern like `(a+)+$` cannot hang the server,
 * and syntax RE2 lacks (lookaround, backreferences) is refused when the form is saved.
 */
const re2Engine = Object.assign(
  (pattern: string) => {
    const re = RE2JS.compile(pattern);
    // ajv keys its compiled-pattern cache by toString(): it must be unique per pattern.
    return { source: pattern, test: (s: string) => re.matcher(s).find(), toString: () => `RE2(${JSON.stringify(pattern)})` };
  },
  { code: 'RE2JS' },
);

function makeAjv<T extends Ajv>(Ctor: new (opts: object) => T): T {
  const ajv = new Ctor({
    allErrors: true,
    strict: true,
    strictRequired: false,
    multipleOfPrecision: MULTIPLE_OF_PRECISION,
    strictTypes: false,
    strictTuples: false,
    logger: false,
    code: { regExp: re2Engine },
  });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const ajv07 = makeAjv(Ajv);
const ajv2020 = makeAjv(Ajv2020 as unknown as new (opts: object) => Ajv);

function invalid(message: string, details?: unknown): UnprocessableError {
  return new UnprocessableError('invalid_schema', message, details);
}

/**
 * Names that are properties of every JavaScript object: a field called `constructor` would look
 * answered when it is not, and a value under `toString` breaks ajv's deep equality (a 500). Forms
 * may not name fields so, and submissions may not carry such keys.
 */
export const RESERVED_DATA_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
]);

function checkStructure(schema: unknown): void {
  let nodes = 0;
  const walk = (node: unknown, depth: number, at: string): void => {
    if (depth > SCHEMA_LIMITS.maxDepth) throw invalid(`The schema is nested deeper than ${SCHEMA_LIMITS.maxDepth} levels (at ${at}).`);
    if (++nodes > SCHEMA_LIMITS.maxNodes) throw invalid(`The schema has more than ${SCHEMA_LIMITS.maxNodes} parts; split the form.`);
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, depth + 1, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (FORBIDDEN_KEYWORDS.has(key)) throw invalid(`The keyword "${key}" is not allowed in a form schema (at ${at || '/'}).`);
      if (key === '$ref' && (typeof value !== 'string' || !value.startsWith('#'))) {
        throw invalid(`Only local references ("#/...") are allowed; "${String(value)}" at ${at || '/'} points elsewhere.`);
      }
      if (
        (key === 'properties' || key === 'patternProperties' || key === 'dependentRequired' || key === 'dependentSchemas') &&
        value &&
        typeof value === 'object'
      ) {
        const reserved = Object.keys(value).find((name) => RESERVED_DATA_KEYS.has(name));
        if (reserved)
          throw invalid(`"${reserved}" cannot be a field key (at ${at || '/'}${'/' + key}): it is a reserved name; choose another key.`);
      }
      if (key === 'required' && Array.isArray(value)) {
        const reserved = value.find((name) => typeof name === 'string' && RESERVED_DATA_KEYS.has(name));
        if (reserved)
          throw invalid(`"${reserved}" cannot be a field key (at ${at || '/'}/required): it is a reserved name; choose another key.`);
      }
      walk(value, depth + 1, `${at}/${key}`);
    }
  };
  walk(schema, 0, '');
}

/** JSON Pointers (RFC 6901) of every reserved key in submitted data. */
function reservedKeyPaths(data: unknown, at = '', out: string[] = []): string[] {
  if (Array.isArray(data)) data.forEach((item, i) => reservedKeyPaths(item, `${at}/${i}`, out));
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (RESERVED_DATA_KEYS.has(key)) out.push(here);
      else reservedKeyPaths(value, here, out);
    }
  }
  return out;
}

function ajvFor(schema: Record<string, unknown>): Ajv {
  const dialect = schema.$schema;
  if (dialect === undefined || (typeof dialect === 'string' && DRAFT_2020.has(dialect))) return ajv2020;
  if (typeof dialect === 'string' && DRAFT_07.has(dialect)) return ajv07;
  throw invalid(`Unsupported "$schema" ${JSON.stringify(dialect)}: use draft-07 or 2020-12.`);
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  const ajv = ajvFor(schema);
  try {
    return ajv.compile(schema);
  } catch (err) {
    throw invalid(`The schema is not valid JSON Schema: ${(err as Error).message}`);
  } finally {
    // Our LRU holds the compiled function; ajv's own cache would otherwise grow with every save.
    ajv.removeSchema(schema);
  }
}

/** Checks a user-authored form schema (and uiSchema) before it is stored; throws 422 invalid_schema. */
export function assertValidFormSchema(schema: unknown, uiSchema: unknown = {}): asserts schema is Record<string, unknown> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw invalid('The schema must be a JSON object.');
  if (JSON.stringify(schema).length > SCHEMA_LIMITS.maxBytes)
    throw invalid(`The schema is larger than ${SCHEMA_LIMITS.maxBytes / 1024} KB.`);
  const s = schema as Record<string, unknown>;
  if (s.type !== 'object') throw invalid('The schema\'s root must have "type": "object" (a form is an object of fields).');
  checkStructure(schema);
  compile(s);
  if (!uiSchema || typeof uiSchema !== 'object' || Array.isArray(uiSchema)) throw invalid('The uiSchema must be a JSON object.');
  if (JSON.stringify(uiSchema).length > SCHEMA_LIMITS.maxBytes)
    throw invalid(`The uiSchema is larger than ${SCHEMA_LIMITS.maxBytes / 1024} KB.`);
  assertValidAutoNumbers(s, uiSchema as Record<string, unknown>);
  assertValidCalculations(s, uiSchema as Record<string, unknown>);
  assertValidGeofences(s, uiSchema as Record<string, unknown>);
  assertValidStockLedger(s, uiSchema as Record<string, unknown>);
}

/** A stock ledger naming fields the form lacks is refused when saved, not at the first movement. */
function assertValidStockLedger(schema: Record<string, unknown>, uiSchema: Record<string, unknown>): void {
  try {
    stockLedgerOf(schema, uiSchema);
  } catch (err) {
    if (err instanceof UnprocessableError) throw invalid(err.message);
    throw err;
  }
}

const validators = new Map<string, ValidateFunction>();

/** Published versions never change, so one compiled validator per (form, version) is kept. */
export function validatorFor(formId: string, version: number, schema: Record<string, unknown>): ValidateFunction {
  const key = `${formId}@${version}`;
  let validate = validators.get(key);
  if (validate) {
    validators.delete(key);
    validators.set(key, validate); // most recently used last
    return validate;
  }
  validate = compile(schema);
  validators.set(key, validate);
  if (validators.size > VALIDATOR_CACHE_SIZE) validators.delete(validators.keys().next().value!);
  return validate;
}

export function validateSubmissionData(validate: ValidateFunction, data: unknown): void {
  const reserved = reservedKeyPaths(data);
  if (reserved.length) {
    throw new UnprocessableError(
      'validation_failed',
      `The submission uses reserved names as keys (${reserved.slice(0, 3).join(', ')}); no form has such fields.`,
      reserved.map((path) => ({ path, message: 'is a reserved name, not a field of this form', keyword: 'reserved', params: {} })),
    );
  }
  if (validate(data)) return;
  const details = toValidationDetails((validate.errors ?? []) as ErrorObject[]);
  throw validationFailed(details);
}

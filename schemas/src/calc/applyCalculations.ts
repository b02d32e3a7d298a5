/**
 * Fills calculated fields. A field whose uiSchema has `"ui:fieldType": "calculated"` and
 * `"ui:options": { "calculate": { "sumOf": "lines", "multiply": ["quantity", "unitPrice"] } }`
 * gets the sum over the rows of `lines` of the product of the listed row fields.
 * The runtime calls this on change and the server before validating, so both agree on the value.
 */
import { roundMoney, stripFloatNoise } from './rounding.ts';

type JsonObject = Record<string, unknown>;

export interface CalculateSpec {
  /** Key of an array field, looked up in the calculated field's own object, then outwards. */
  sumOf: string;
  /** Row fields to multiply; empty or absent means the rows are numbers and are summed as they are. */
  multiply?: string[];
}

/** One nesting level being filled: its schema properties, uiSchema and data object. */
interface Scope {
  properties: JsonObject;
  uiSchema: JsonObject;
  data: JsonObject;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function uiFor(uiSchema: JsonObject, key: string): JsonObject {
  const entry = uiSchema[key];
  return isObject(entry) ? entry : {};
}

/** The spec from a field's uiSchema, or undefined when the field is not a well-formed calculation. */
export function calculateSpecOf(fieldUi: JsonObject): CalculateSpec | undefined {
  if (fieldUi['ui:fieldType'] !== 'calculated') return undefined;
  const options = fieldUi['ui:options'];
  const spec = isObject(options) ? options.calculate : undefined;
  if (!isObject(spec) || typeof spec.sumOf !== 'string') return undefined;
  const multiply = Array.isArray(spec.multiply) ? spec.multiply.filter((f): f is string => typeof f === 'string') : [];
  return { sumOf: spec.sumOf, multiply };
}

// Only real numbers count: a blank input, a string or a NaN contributes 0 rather than poisoning the total.
function numeric(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function rowValue(row: unknown, factors: string[]): number {
  if (factors.length === 0) return numeric(row);
  if (!isObject(row)) return 0;
  return factors.reduce((product, factor) => product * numeric(row[factor]), 1);
}

/**
 * Money is rounded to cents so 0.1 + 0.2 gives 0.3 and a sum always passes `multipleOf: 0.01`.
 * A calculation counts as money if it says so itself (a currency option or cents multipleOf)
 * or if any factor it multiplies is a money field.
 */
function isMoney(fieldSchema: JsonObject, fieldUi: JsonObject, rowUi: JsonObject, factors: string[]): boolean {
  const options = fieldUi['ui:options'];
  if (isObject(options) && typeof options.currency === 'string') return true;
  if (fieldSchema.multipleOf === 0.01) return true;
  return factors.some((factor) => uiFor(rowUi, factor)['ui:fieldType'] === 'money');
}

function calculate(spec: CalculateSpec, key: string, scopes: Scope[]): number {
  const own = scopes[scopes.length - 1];
  // Innermost first: a total inside a section may add up a table beside it or one at the root.
  const source = [...scopes].reverse().find((scope) => Object.hasOwn(scope.properties, spec.sumOf));
  const rows = source?.data[spec.sumOf];
  const factors = spec.multiply ?? [];
  const total = Array.isArray(rows) ? rows.reduce((sum: number, row) => sum + rowValue(row, factors), 0) : 0;
  const arrayUi = source ? uiFor(source.uiSchema, spec.sumOf) : {};
  const rowUi = isObject(arrayUi.items) ? arrayUi.items : {};
  const fieldSchema = isObject(own.properties[key]) ? (own.properties[key] as JsonObject) : {};
  const result = isMoney(fieldSchema, uiFor(own.uiSchema, key), rowUi, factors) ? roundMoney(total) : stripFloatNoise(total);
  return result === 0 ? 0 : result; // no -0 in submissions
}

function fill(schema: JsonObject, uiSchema: JsonObject, data: JsonObject, outer: Scope[]): void {
  if (!isObject(schema.properties)) return;
  const scopes = [...outer, { properties: schema.properties, uiSchema, data }];
  // Nested levels first, so a total here can use values computed inside them.
  for (const [key, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    const value = data[key];
    if (isObject(value)) fill(child, uiFor(uiSchema, key), value, scopes);
    else if (Array.isArray(value) && isObject(child.items)) {
      const rowUi = uiFor(uiFor(uiSchema, key), 'items');
      for (const row of value) if (isObject(row)) fill(child.items, rowUi, row, scopes);
    }
  }
  for (const key of Object.keys(schema.properties)) {
    const spec = calculateSpecOf(uiFor(uiSchema, key));
    if (spec) data[key] = calculate(spec, key, scopes);
  }
}

/**
 * Returns a copy of `data` with every calculated field filled in, including fields in nested objects
 * and in table rows. Pure: the inputs are not changed. Objects missing from the data are not created
 * (that would make an optional section's required fields suddenly apply), so a calculated field inside
 * an absent section stays absent; at the root it is always set, to 0 when there is nothing to add up.
 */
export function applyCalculations(schema: JsonObject, uiSchema: JsonObject, data: JsonObject): JsonObject {
  const copy = structuredClone(data);
  if (isObject(copy)) fill(schema, uiSchema ?? {}, copy, []);
  return copy;
}

/**
 * Fills calculated fields. A field whose uiSchema has `"ui:fieldType": "calculated"` and
 * `"ui:options": { "expression": "sum(lines.quantity * lines.unitPrice)" }` gets the expression's
 * value (the language: expressions/README.md). The runtime calls this on change and the server before
 * validating, so both reach the same value; the server also compares it with what the page sent.
 */
import { ExpressionEvalError, ExpressionSyntaxError } from '../expressions/errors.ts';
import { evaluate, type ScopeLevel } from '../expressions/evaluator.ts';
import type { ExpressionValue } from '../expressions/ast.ts';
import { calculationPlanFor, type CalculatedField } from './plan.ts';
import { roundTo } from './rounding.ts';

type JsonObject = Record<string, unknown>;

/** One calculated field in one place of the data (a field in a sub-table has one per row). */
export interface CalculatedValue {
  /** Where the value sits in the data: keys and row indexes, as for a JSON Pointer. */
  path: (string | number)[];
  field: CalculatedField;
  /** The value, or null for "no value", in which case the key is left out of the data. */
  value: ExpressionValue;
  /** Why there is no value, when the formula could not be worked out. */
  error?: ExpressionSyntaxError | ExpressionEvalError;
}

export interface CalculationResult {
  data: JsonObject;
  values: CalculatedValue[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownValue(holder: JsonObject, key: string): unknown {
  return Object.hasOwn(holder, key) ? holder[key] : undefined;
}

interface Place {
  holder: JsonObject;
  path: (string | number)[];
  /** Scope levels, innermost first. */
  levels: ScopeLevel[];
}

/**
 * Every object that holds this field in the data: the root, a section that is present, each row of a
 * sub-table. A missing section is not created (that would make its required fields suddenly apply).
 */
function placesOf(field: CalculatedField, root: JsonObject, rootNames: Set<string>): Place[] {
  let places: Place[] = [{ holder: root, path: [], levels: [{ data: root, names: rootNames }] }];
  for (const step of field.container) {
    const next: Place[] = [];
    for (const place of places) {
      const value = ownValue(place.holder, step.key);
      const enter = (holder: unknown, path: (string | number)[]) => {
        if (isObject(holder)) next.push({ holder, path, levels: [{ data: holder, names: step.level.names }, ...place.levels] });
      };
      if (step.array && Array.isArray(value)) value.forEach((row, i) => enter(row, [...place.path, step.key, i]));
      else if (!step.array) enter(value, [...place.path, step.key]);
    }
    places = next;
  }
  return places;
}

function calculate(field: CalculatedField, levels: ScopeLevel[]): Pick<CalculatedValue, 'value' | 'error'> {
  if (field.syntaxError) return { value: null, error: field.syntaxError };
  if (!field.compiled || field.inCycle) return { value: null };
  try {
    const value = evaluate(field.compiled.ast, levels);
    if (typeof value !== 'number' || field.decimals === null) return { value };
    // Money is rounded once, at the end (half away from zero, in decimal), never per row.
    const rounded = roundTo(value, field.decimals);
    return { value: rounded === 0 ? 0 : rounded };
  } catch (err) {
    if (err instanceof ExpressionEvalError) return { value: null, error: err };
    throw err;
  }
}

/**
 * A copy of `data` with every calculated field worked out, and where each value went. Fields are
 * worked out in dependency order (a total after the line totals it adds up); fields in a circle, or
 * whose expression fails, get no value.
 */
export function computeCalculations(schema: JsonObject, uiSchema: JsonObject, data: JsonObject): CalculationResult {
  const copy = structuredClone(isObject(data) ? data : {});
  const plan = calculationPlanFor(schema, uiSchema ?? {});
  const values: CalculatedValue[] = [];
  if (plan.fields.length === 0) return { data: copy, values };
  const rootNames = plan.fields[0].scopes[0].names;
  const ordered = new Set(plan.order);
  const unordered = plan.fields.filter((field) => !ordered.has(field));
  // Fields without a value (in a circle, or not parsing) are cleared first, so nothing reads what the client sent for them.
  for (const field of [...unordered, ...plan.order]) {
    for (const place of placesOf(field, copy, rootNames)) {
      const result = calculate(field, place.levels);
      if (result.value === null) delete place.holder[field.key];
      else place.holder[field.key] = result.value;
      values.push({ path: [...place.path, field.key], field, ...result });
    }
  }
  return { data: copy, values };
}

/**
 * Returns a copy of `data` with every calculated field filled in, including fields in sections and
 * in sub-table rows. Pure: the inputs are not changed.
 */
export function applyCalculations(schema: JsonObject, uiSchema: JsonObject, data: JsonObject): JsonObject {
  return computeCalculations(schema, uiSchema, data).data;
}

/**
 * Circles of calculated fields that read each other (`[['a', 'b']]`: a reads b and b reads a), for
 * the designer and the server's form check. Without the schema, fields are found from the uiSchema
 * alone, which is enough for every field the designer writes.
 */
export function findCalculationCycles(uiSchema: JsonObject, schema?: JsonObject): string[][] {
  return calculationPlanFor(schema, uiSchema).cycles;
}

export interface CalculationProblem {
  /** The calculated field's path (`lines.lineTotal`). */
  field: string;
  /** JSON Pointer to the offending place in the uiSchema. */
  pointer: string;
  message: string;
  /** 0-based offset into the expression, for a syntax error. */
  position?: number;
}

/** What keeps a form's calculations from working: expressions that do not parse, and circles. */
export function checkCalculations(schema: JsonObject | undefined, uiSchema: JsonObject): CalculationProblem[] {
  const plan = calculationPlanFor(schema, uiSchema);
  const problems: CalculationProblem[] = [];
  for (const field of plan.fields) {
    if (!field.syntaxError) continue;
    problems.push({
      field: field.path,
      pointer: `${field.uiPointer}/ui:options/${field.legacy ? 'calculate' : 'expression'}`,
      message: field.syntaxError.message,
      position: field.syntaxError.position,
    });
  }
  for (const cycle of plan.cycles) {
    const first = plan.fields.find((f) => f.path === cycle[0])!;
    problems.push({
      field: cycle[0],
      pointer: `${first.uiPointer}/ui:options`,
      message:
        cycle.length === 1
          ? `The calculated field "${cycle[0]}" reads its own value`
          : `The calculated fields ${[...cycle, cycle[0]].map((p) => `"${p}"`).join(' → ')} read each other in a circle`,
    });
  }
  return problems;
}

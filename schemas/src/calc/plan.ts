/**
 * The static side of calculated fields: where each one is, what its expression reads, the order to
 * work them out in, and which depend on each other in a circle. Built once per form document and
 * cached, since the runtime recalculates on every keystroke.
 */
import { compileExpression, walkExpression, type CompiledExpression } from '../expressions/compile.ts';
import { ExpressionSyntaxError } from '../expressions/errors.ts';
import { FORBIDDEN_NAMES } from '../expressions/limits.ts';
import { calculationSourceOf } from './legacy.ts';

type JsonObject = Record<string, unknown>;

/** Deeper than any real form; guards the walk over an untrusted uiSchema. */
const MAX_FORM_DEPTH = 64;

/** One nesting level of the form: the root, a section, or the rows of a sub-table. */
export interface FormLevel {
  /** Field keys this level declares: its schema's properties and its uiSchema's field entries. */
  names: Set<string>;
  fields: Map<string, FormFieldNode>;
}

interface FormFieldNode {
  schema: JsonObject;
  ui: JsonObject;
  /** A section's fields, or a sub-table's row fields. */
  child?: FormLevel;
  calculated?: CalculatedField;
}

/** A step from the root towards a calculated field: into a section, or into every row of a sub-table. */
export interface ContainerStep {
  key: string;
  array: boolean;
  level: FormLevel;
}

export interface CalculatedField {
  /** Dotted keys from the root, sub-tables without row numbers: `total`, `lines.lineTotal`. */
  path: string;
  key: string;
  /** JSON Pointer to the field's uiSchema entry (`/lines/items/lineTotal`). */
  uiPointer: string;
  /** The steps from the root to the object that holds the field. */
  container: ContainerStep[];
  /** The levels whose names the expression sees, outermost (the root) first. */
  scopes: FormLevel[];
  source: unknown;
  /** Converted from the deprecated `calculate` spec. */
  legacy: boolean;
  compiled?: CompiledExpression;
  syntaxError?: ExpressionSyntaxError;
  /** Decimal places the value is rounded to (2 for money), or null to keep every real digit. */
  decimals: number | null;
  /** The calculated fields this one reads. */
  dependsOn: CalculatedField[];
  inCycle: boolean;
}

export interface CalculationPlan {
  /** Every calculated field with a formula, in document order. */
  fields: CalculatedField[];
  /** Fields that can be worked out, each after the fields it reads. */
  order: CalculatedField[];
  /** Each circle of fields reading each other, as paths in reading order (`['a', 'b']`: a reads b, b reads a). */
  cycles: string[][];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Field keys of a uiSchema object: everything but `ui:` settings. */
function uiFieldKeys(ui: JsonObject): string[] {
  return Object.keys(ui).filter((key) => !key.startsWith('ui:'));
}

/** `multipleOf: 0.01` → 2; other steps (0.5, 3) say nothing about decimal places. */
function decimalsOfStep(step: unknown): number | null {
  if (typeof step !== 'number' || !(step > 0) || step > 1) return null;
  for (let places = 0; places <= 12; places++) if (Number(`1e-${places}`) === step) return places;
  return null;
}

function isMoneyField(node: FormFieldNode): boolean {
  const options = node.ui['ui:options'];
  return node.ui['ui:fieldType'] === 'money' || (isObject(options) && typeof options.currency === 'string');
}

class PlanBuilder {
  readonly fields: CalculatedField[] = [];

  level(schema: JsonObject | undefined, ui: JsonObject, container: ContainerStep[], scopes: FormLevel[], uiPath: string[]): FormLevel {
    const properties = schema && isObject(schema.properties) ? schema.properties : {};
    const names = new Set([...Object.keys(properties), ...uiFieldKeys(ui)]);
    const level: FormLevel = { names, fields: new Map() };
    const inner = [...scopes, level];
    for (const key of names) {
      const fieldSchema = isObject(properties[key]) ? properties[key] : undefined;
      const fieldUi = isObject(ui[key]) ? ui[key] : {};
      const node: FormFieldNode = { schema: fieldSchema ?? {}, ui: fieldUi };
      level.fields.set(key, node);
      const formula = FORBIDDEN_NAMES.has(key) ? undefined : calculationSourceOf(fieldUi);
      if (formula) {
        node.calculated = this.calculated(key, formula.source, formula.legacy, container, inner, [...uiPath, key]);
        continue;
      }
      if (container.length >= MAX_FORM_DEPTH) continue;
      const rowSchema = fieldSchema && isObject(fieldSchema.items) ? fieldSchema.items : undefined;
      const rowUi = isObject(fieldUi.items) ? fieldUi.items : undefined;
      const isTable = fieldSchema ? fieldSchema.type === 'array' || rowSchema !== undefined : rowUi !== undefined;
      if (isTable) {
        const step = { key, array: true } as ContainerStep;
        step.level = node.child = this.level(rowSchema, rowUi ?? {}, [...container, step], inner, [...uiPath, key, 'items']);
      } else if (fieldSchema ? isObject(fieldSchema.properties) : uiFieldKeys(fieldUi).length > 0) {
        const step = { key, array: false } as ContainerStep;
        step.level = node.child = this.level(fieldSchema, fieldUi, [...container, step], inner, [...uiPath, key]);
      }
    }
    return level;
  }

  private calculated(key: string, source: unknown, legacy: boolean, container: ContainerStep[], scopes: FormLevel[], uiPath: string[]) {
    const field: CalculatedField = {
      path: [...container.map((step) => step.key), key].join('.'),
      key,
      uiPointer: uiPath.map((p) => `/${escapePointer(p)}`).join(''),
      container,
      scopes,
      source,
      legacy,
      decimals: null,
      dependsOn: [],
      inCycle: false,
    };
    try {
      field.compiled = compileExpression(source as string);
    } catch (err) {
      if (!(err instanceof ExpressionSyntaxError)) throw err;
      field.syntaxError = err;
    }
    this.fields.push(field);
    return field;
  }
}

/** The field a path names, seen from a calculated field: first level (innermost out) declaring its first key. */
function resolve(path: string[], scopes: FormLevel[]): FormFieldNode | undefined {
  const level = [...scopes].reverse().find((l) => l.names.has(path[0]));
  let node = level?.fields.get(path[0]);
  for (const key of path.slice(1)) node = node?.child?.fields.get(key);
  return node;
}

function link(field: CalculatedField, schemaOfField: JsonObject, uiOfField: JsonObject): void {
  const read: FormFieldNode[] = [];
  if (field.compiled) {
    walkExpression(field.compiled.ast, (node) => {
      if (node.type !== 'reference') return;
      const target = resolve(node.path, field.scopes);
      if (target) read.push(target);
    });
  }
  field.dependsOn = [...new Set(read.flatMap((node) => (node.calculated ? [node.calculated] : [])))];
  // Money is rounded to cents: when the field says so, or when it is worked out from money.
  const options = uiOfField['ui:options'];
  if (isObject(options) && typeof options.currency === 'string') field.decimals = 2;
  else field.decimals = decimalsOfStep(schemaOfField.multipleOf) ?? (read.some(isMoneyField) ? 2 : null);
}

/**
 * Strongly connected components (Tarjan), to find every field that is part of a circle. Iterative:
 * an untrusted form may chain thousands of fields.
 */
function findCycles(fields: CalculatedField[]): string[][] {
  const index = new Map<CalculatedField, number>();
  const low = new Map<CalculatedField, number>();
  const stack: CalculatedField[] = [];
  const onStack = new Set<CalculatedField>();
  const cycles: string[][] = [];
  const enter = (field: CalculatedField) => {
    index.set(field, index.size);
    low.set(field, index.get(field)!);
    stack.push(field);
    onStack.add(field);
  };
  for (const root of fields) {
    if (index.has(root)) continue;
    enter(root);
    const work = [{ field: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const { field } = frame;
      if (frame.next < field.dependsOn.length) {
        const next = field.dependsOn[frame.next++];
        if (!index.has(next)) {
          enter(next);
          work.push({ field: next, next: 0 });
        } else if (onStack.has(next)) low.set(field, Math.min(low.get(field)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].field;
        low.set(parent, Math.min(low.get(parent)!, low.get(field)!));
      }
      if (low.get(field) !== index.get(field)) continue;
      const component: CalculatedField[] = [];
      let member: CalculatedField;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== field);
      if (component.length > 1 || field.dependsOn.includes(field)) {
        for (const f of component) f.inCycle = true;
        cycles.push(circleThrough(field, new Set(component)));
      }
    }
  }
  return cycles;
}

/** The shortest circle from `start` back to itself inside its component, as paths in reading order. */
function circleThrough(start: CalculatedField, component: Set<CalculatedField>): string[] {
  const cameFrom = new Map<CalculatedField, CalculatedField>();
  const queue = [start];
  while (queue.length > 0) {
    const field = queue.shift()!;
    for (const next of field.dependsOn) {
      if (!component.has(next)) continue;
      if (next === start) {
        const circle = [field];
        while (circle[0] !== start) circle.unshift(cameFrom.get(circle[0])!);
        return circle.map((f) => f.path);
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, field);
        queue.push(next);
      }
    }
  }
  return [start.path];
}

/** Depth-first post-order: every field after the fields it reads; fields in a circle are left out. */
function evaluationOrder(fields: CalculatedField[]): CalculatedField[] {
  const order: CalculatedField[] = [];
  const seen = new Set<CalculatedField>();
  for (const root of fields) {
    if (seen.has(root) || root.inCycle) continue;
    seen.add(root);
    const work = [{ field: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.field.dependsOn.length) {
        const next = frame.field.dependsOn[frame.next++];
        if (!seen.has(next) && !next.inCycle) {
          seen.add(next);
          work.push({ field: next, next: 0 });
        }
        continue;
      }
      work.pop();
      order.push(frame.field);
    }
  }
  return order;
}

export function buildCalculationPlan(schema: JsonObject | undefined, uiSchema: JsonObject): CalculationPlan {
  const builder = new PlanBuilder();
  const root = builder.level(schema, isObject(uiSchema) ? uiSchema : {}, [], [], []);
  for (const field of builder.fields) {
    const holder = field.container.length ? field.container[field.container.length - 1].level : root;
    const node = holder.fields.get(field.key)!;
    link(field, node.schema, node.ui);
  }
  const cycles = findCycles(builder.fields);
  return { fields: builder.fields, order: evaluationOrder(builder.fields), cycles };
}

const WITHOUT_SCHEMA = {};
const plans = new WeakMap<object, WeakMap<object, CalculationPlan>>();

/**
 * The plan for a form document, cached per (uiSchema, schema) object: documents are treated as
 * immutable, as rjsf treats them (a changed form is a new object).
 */
export function calculationPlanFor(schema: JsonObject | undefined, uiSchema: JsonObject): CalculationPlan {
  const uiKey = isObject(uiSchema) ? uiSchema : WITHOUT_SCHEMA;
  const schemaKey = isObject(schema) ? schema : WITHOUT_SCHEMA;
  let bySchema = plans.get(uiKey);
  if (!bySchema) plans.set(uiKey, (bySchema = new WeakMap()));
  let plan = bySchema.get(schemaKey);
  if (!plan) bySchema.set(schemaKey, (plan = buildCalculationPlan(isObject(schema) ? schema : undefined, uiKey as JsonObject)));
  return plan;
}

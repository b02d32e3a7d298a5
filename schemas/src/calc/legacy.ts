/**
 * The first calculated-field format, `"calculate": {"sumOf": "lines", "multiply": ["quantity", "unitPrice"]}`,
 * kept readable so stored forms keep working: it is turned into the expression that means the same,
 * `sum(lines.quantity * lines.unitPrice)`. New forms write `"expression"` (docs/API.md).
 */
import { formatFieldName } from '../expressions/names.ts';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @deprecated The old `ui:options.calculate` spec; write `ui:options.expression` instead. */
export interface LegacyCalculateSpec {
  sumOf: string;
  multiply?: string[];
}

/** The expression equivalent to an old spec, or undefined when the spec is not well-formed (as before: no formula). */
export function legacyCalculationSource(spec: unknown): string | undefined {
  if (!isObject(spec) || typeof spec.sumOf !== 'string') return undefined;
  const table = formatFieldName(spec.sumOf);
  const factors = Array.isArray(spec.multiply) ? spec.multiply.filter((f): f is string => typeof f === 'string') : [];
  if (factors.length === 0) return `sum(${table})`;
  return `sum(${factors.map((factor) => `${table}.${formatFieldName(factor)}`).join(' * ')})`;
}

export interface CalculationSource {
  /** The expression as stored, or converted from the old spec; not necessarily text if the form is malformed. */
  source: unknown;
  /** True when converted from the deprecated `calculate` spec. */
  legacy: boolean;
}

/**
 * The formula of a field's uiSchema entry: `ui:options.expression`, else the deprecated
 * `ui:options.calculate`; undefined when the field is not a calculated field or has no formula yet
 * (no expression, or a blank one).
 */
export function calculationSourceOf(fieldUi: unknown): CalculationSource | undefined {
  if (!isObject(fieldUi) || fieldUi['ui:fieldType'] !== 'calculated') return undefined;
  const options = fieldUi['ui:options'];
  if (!isObject(options)) return undefined;
  // A blank expression is a formula not written yet (a designer draft), like no expression at all.
  const blank = typeof options.expression === 'string' && options.expression.trim() === '';
  if (Object.hasOwn(options, 'expression') && !blank) return { source: options.expression, legacy: false };
  const converted = legacyCalculationSource(options.calculate);
  return converted === undefined ? undefined : { source: converted, legacy: true };
}

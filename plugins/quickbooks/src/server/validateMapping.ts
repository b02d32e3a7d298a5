import type { QuickBooksMappingProblem, QuickBooksMappingTarget } from '../shared/index.ts';

/**
 * Checks a mapping against the form's published schema: every named field exists where it is named
 * (top level, or a column of the named sub-table) and holds the kind of value the mapping reads.
 * Returns the problems, each with a JSON Pointer into the PUT body (`/target/lines/amount`).
 */

type Json = Record<string, unknown>;
type ValueKind = 'string' | 'number' | 'boolean';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(schema: Json): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
}

function holds(schema: Json, kind: ValueKind): boolean {
  const types = typesOf(schema);
  if (kind === 'number') return types.includes('number') || types.includes('integer');
  return types.includes(kind);
}

/** The option values of a choice field (`oneOf: [{const}]` or `enum`), or null when it has none. */
export function optionValues(schema: Json): string[] | null {
  if (Array.isArray(schema.oneOf)) return schema.oneOf.filter(isObject).map((o) => String(o.const));
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  return null;
}

const KIND_WORDS: Record<ValueKind, string> = {
  string: 'a text, choice or date field',
  number: 'a number or money field',
  boolean: 'a checkbox or yes/no field',
};

export function validateMapping(target: QuickBooksMappingTarget, formSchema: Json | null): QuickBooksMappingProblem[] {
  const problems: QuickBooksMappingProblem[] = [];
  if (!formSchema) return [{ path: '/target', message: 'Publish the form first: a mapping is checked against its published fields.' }];
  const properties = isObject(formSchema.properties) ? formSchema.properties : {};

  const field = (path: string, name: string | undefined, kind: ValueKind): Json | null => {
    if (name === undefined) return null;
    const schema = properties[name];
    if (!isObject(schema)) {
      problems.push({ path, message: `The form has no field "${name}".` });
      return null;
    }
    if (!holds(schema, kind)) problems.push({ path, message: `"${name}" must be ${KIND_WORDS[kind]}.` });
    return schema;
  };

  const table = (path: string, name: string): Json | null => {
    const schema = properties[name];
    const items = isObject(schema) && isObject(schema.items) ? schema.items : null;
    if (!isObject(schema)) problems.push({ path, message: `The form has no field "${name}".` });
    else if (!typesOf(schema).includes('array') || !items || !isObject(items.properties)) {
      problems.push({ path, message: `"${name}" must be a sub-table (the lines).` });
    } else return items.properties as Json;
    return null;
  };

  const column = (columns: Json | null, tableName: string, path: string, name: string | undefined, kind: ValueKind): Json | null => {
    if (!columns || name === undefined) return null;
    const schema = columns[name];
    if (!isObject(schema)) {
      problems.push({ path, message: `The sub-table "${tableName}" has no column "${name}".` });
      return null;
    }
    if (!holds(schema, kind)) problems.push({ path, message: `"${tableName}.${name}" must be ${KIND_WORDS[kind]}.` });
    return schema;
  };

  if (target.vendor.mode === 'field') field('/target/vendor/field', target.vendor.field, 'string');
  field('/target/dueDate', target.dueDate, 'string');
  const lines = target.lines;
  const columns = table('/target/lines/field', lines.field);
  column(columns, lines.field, '/target/lines/description', lines.description, 'string');

  if (target.kind === 'purchase_order') {
    field('/target/memo', target.memo, 'string');
    column(columns, lines.field, '/target/lines/quantity', target.lines.quantity, 'number');
    column(columns, lines.field, '/target/lines/unitPrice', target.lines.unitPrice, 'number');
    const detail = target.lines.detail;
    if (detail.type === 'item' && detail.item.mode === 'column') {
      column(columns, lines.field, '/target/lines/detail/item/column', detail.item.column, 'string');
    }
    return problems;
  }

  field('/target/docNumber', target.docNumber, 'string');
  column(columns, lines.field, '/target/lines/amount', target.lines.amount, 'number');
  const category = column(columns, lines.field, '/target/lines/category', target.lines.category, 'string');
  const options = category ? optionValues(category) : null;
  if (options) {
    for (const value of Object.keys(target.lines.categoryAccounts)) {
      if (!options.includes(value)) {
        problems.push({
          path: `/target/lines/categoryAccounts/${value}`,
          message: `"${value}" is not an option of "${lines.field}.${target.lines.category}".`,
        });
      }
    }
    const unmapped = options.filter((o) => !(o in target.lines.categoryAccounts));
    if (!target.lines.defaultAccount && unmapped.length) {
      problems.push({
        path: '/target/lines/categoryAccounts',
        message: `Choose an account for ${unmapped.map((o) => `"${o}"`).join(', ')}, or a default expense account.`,
      });
    }
  } else if (target.lines.category === undefined && Object.keys(target.lines.categoryAccounts).length) {
    problems.push({ path: '/target/lines/category', message: 'Name the expense category column the category accounts apply to.' });
  }
  if (target.payment) {
    field('/target/payment/paidField', target.payment.paidField, 'boolean');
    field('/target/payment/paymentDateField', target.payment.paymentDateField, 'string');
  }
  return problems;
}

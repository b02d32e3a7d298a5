import type { ConnectorHost } from '@formloom/plugin-api';
import type { ShopifyInventoryMapping, ShopifyMappingProblem, ShopifyMappingTarget, ShopifyOrderMapping } from '../shared/index.ts';

/**
 * Checks a mapping against the form's latest published schema: every named field exists where it
 * is named and holds the kind of value the mapping reads. Problems carry a JSON Pointer into the
 * PUT body (`/target/lineItems/price`) and a sentence naming the field.
 */

type Json = Record<string, unknown>;
type ValueKind = 'string' | 'number' | 'text-or-number' | 'string-or-list';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const typesOf = (s: Json): string[] => (Array.isArray(s.type) ? s.type.map(String) : typeof s.type === 'string' ? [s.type] : []);

function holds(schema: Json, kind: ValueKind): boolean {
  const t = typesOf(schema);
  const num = t.includes('number') || t.includes('integer');
  if (kind === 'number') return num;
  if (kind === 'string') return t.includes('string');
  if (kind === 'text-or-number') return t.includes('string') || num;
  return t.includes('string') || t.includes('array');
}

const WORDS: Record<ValueKind, string> = {
  string: 'a text, email, phone or choice field',
  number: 'a number or money field',
  'text-or-number': 'a text or number field',
  'string-or-list': 'a text or choice field',
};

export const propertiesOf = (schema: Json | null): Json => (schema && isObject(schema.properties) ? schema.properties : {});

/** The schema of `name` or `section.name` among `properties`. */
function lookup(properties: Json, path: string): Json | null {
  const [head, tail] = path.split('.');
  const s = properties[head!];
  if (!isObject(s)) return null;
  if (tail === undefined) return s;
  const inner = isObject(s.properties) ? s.properties[tail] : undefined;
  return isObject(inner) ? inner : null;
}

function orderProblems(t: ShopifyOrderMapping, properties: Json): ShopifyMappingProblem[] {
  const problems: ShopifyMappingProblem[] = [];
  const check = (path: string, name: string | undefined, kind: ValueKind, within = properties, where = 'The form') => {
    if (name === undefined) return;
    const s = lookup(within, name);
    if (!s) problems.push({ path, message: `${where} has no field "${name}".` });
    else if (!holds(s, kind)) problems.push({ path, message: `"${name}" must be ${WORDS[kind]}.` });
  };
  check('/target/customer/email', t.customer.email, 'string');
  check('/target/customer/fullName', t.customer.fullName, 'string');
  check('/target/customer/firstName', t.customer.firstName, 'string');
  check('/target/customer/lastName', t.customer.lastName, 'string');
  check('/target/customer/phone', t.customer.phone, 'string');
  check('/target/note', t.note, 'string');
  check('/target/tags/field', t.tags.field, 'string-or-list');
  const a = t.shippingAddress;
  if (a) {
    for (const key of ['address1', 'address2', 'city', 'provinceCode', 'zip', 'phone', 'countryCodeField'] as const) {
      check(`/target/shippingAddress/${key}`, a[key], 'string');
    }
  }

  const l = t.lineItems;
  let columns = properties;
  let where = 'The form';
  if (l.table) {
    const table = lookup(properties, l.table);
    const items = table && isObject(table.items) && isObject(table.items.properties) ? table.items.properties : null;
    if (!table) problems.push({ path: '/target/lineItems/table', message: `The form has no field "${l.table}".` });
    else if (!typesOf(table).includes('array') || !items) {
      problems.push({ path: '/target/lineItems/table', message: `"${l.table}" must be a sub-table (the order lines).` });
    }
    if (!items) return problems;
    columns = items;
    where = `The sub-table "${l.table}"`;
  }
  // Columns are plain names inside a row.
  const column = (path: string, name: string | undefined, kind: ValueKind) => check(path, name, kind, columns, where);
  column('/target/lineItems/variantId', l.variantId, 'string');
  column('/target/lineItems/title', l.title, 'text-or-number');
  column('/target/lineItems/price', l.price, 'number');
  column('/target/lineItems/sku', l.sku, 'text-or-number');
  column('/target/lineItems/quantity', l.quantity, 'number');
  return problems;
}

/** The movement form's stock ledger setting, or null when it keeps none. */
export function stockLedgerOf(uiSchema: Json | null): { item: string; zone: string } | null {
  const options = uiSchema && isObject(uiSchema['ui:options']) ? uiSchema['ui:options'] : null;
  const ledger = options && isObject(options.stockLedger) ? options.stockLedger : null;
  return ledger && typeof ledger.item === 'string' && typeof ledger.zone === 'string' ? { item: ledger.item, zone: ledger.zone } : null;
}

/** The form an item relation field links to. */
export function relationForm(uiSchema: Json | null, field: string): string | null {
  const ui = uiSchema?.[field];
  if (!isObject(ui) || !isObject(ui['ui:options'])) return null;
  return typeof ui['ui:options'].form === 'string' ? ui['ui:options'].form : null;
}

async function inventoryProblems(
  t: ShopifyInventoryMapping,
  form: { uiSchema: Json | null },
  host: Pick<ConnectorHost, 'forms'>,
): Promise<ShopifyMappingProblem[]> {
  const ledger = stockLedgerOf(form.uiSchema);
  if (!ledger) {
    return [{ path: '/target/kind', message: 'Only a stock movement form (one that keeps a stock ledger) can adjust Shopify inventory.' }];
  }
  const itemFormId = relationForm(form.uiSchema, ledger.item);
  const itemForm = itemFormId ? await host.forms.get(itemFormId) : null;
  if (!itemForm) return [{ path: '/target/inventoryItemIdField', message: 'The movement form does not link its items to a form.' }];
  const s = lookup(propertiesOf(itemForm.schema), t.inventoryItemIdField);
  if (!s) {
    return [
      {
        path: '/target/inventoryItemIdField',
        message: `The item form "${itemForm.name}" has no field "${t.inventoryItemIdField}" (add a text field for the Shopify inventory item id).`,
      },
    ];
  }
  if (!holds(s, 'string')) return [{ path: '/target/inventoryItemIdField', message: `"${t.inventoryItemIdField}" must be a text field.` }];
  return [];
}

export async function validateMapping(
  target: ShopifyMappingTarget,
  form: { schema: Json | null; uiSchema: Json | null },
  host: Pick<ConnectorHost, 'forms'>,
): Promise<ShopifyMappingProblem[]> {
  if (!form.schema) return [{ path: '/target', message: 'Publish the form first: a mapping is checked against its published fields.' }];
  if (target.kind === 'inventory') return inventoryProblems(target, form, host);
  return orderProblems(target, propertiesOf(form.schema));
}

/**
 * The stock ledger setting of a movement form and what one movement does to on-hand, without the
 * database. A form keeps a ledger when its uiSchema root says
 * `"ui:options": {"stockLedger": {item, zone, toZone?, movementType, quantity, reference?,
 * types: {receive, issue, transfer, count}, allowNegativeStock?, itemFields?, zoneFields?}}`, naming
 * its own top-level fields, the values of the movement type field and (optionally, when they differ
 * from the template's) the fields of the item and zone lists that the stock pages show.
 *
 * Quantities are kept as integer thousandths (2.5 kg = 2500): exact sums, and the API speaks
 * decimals with up to three places.
 */
import { formatPointer, type JsonObject, type ValidationDetail } from '@formloom/schemas';
import { UnprocessableError } from '../../lib/errors.ts';
import { isObject } from '../formFields.ts';

export const MOVEMENT_KINDS = ['receive', 'issue', 'transfer', 'count'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Quantities are whole thousandths of the item's unit. */
export const QUANTITY_SCALE = 1000;
/** Keeps every sum of thousandths far inside the integers a double holds exactly. */
export const MAX_QUANTITY = 1_000_000_000;

/** Where the item list keeps what the stock pages show; these are the template's names. */
export interface ItemFields {
  sku: string;
  barcode: string;
  name: string;
  unit: string;
  reorderPoint: string;
}

/** Where the zone list keeps its code and its English and Chinese names. */
export interface ZoneFields {
  code: string;
  name: string;
  nameZh: string;
}

const DEFAULT_ITEM_FIELDS: ItemFields = { sku: 'sku', barcode: 'barcode', name: 'name', unit: 'unit', reorderPoint: 'reorderPoint' };
const DEFAULT_ZONE_FIELDS: ZoneFields = { code: 'code', name: 'name', nameZh: 'nameZh' };

/** Field names given in the setting (strings), over the defaults. */
function fieldNames<T extends object>(defaults: T, given: unknown): T {
  const out = { ...defaults };
  if (!isObject(given)) return out;
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    if (typeof given[key] === 'string') (out as Record<string, string>)[key] = given[key];
  }
  return out;
}

export interface StockLedger {
  item: string;
  zone: string;
  toZone: string | null;
  movementType: string;
  quantity: string;
  reference: string | null;
  /** movement kind → the value the movement type field holds for it */
  types: Record<MovementKind, string>;
  allowNegativeStock: boolean;
  itemFields: ItemFields;
  zoneFields: ZoneFields;
  /** The forms the item and zone relation fields link to (null: the zone is a plain value). */
  itemForm: string | null;
  zoneForm: string | null;
}

function misconfigured(problem: string): UnprocessableError {
  return new UnprocessableError(
    'invalid_stock_ledger',
    `This form's stock ledger setting (ui:options.stockLedger) ${problem}; an editor of the form must fix and republish it.`,
  );
}

const relationTarget = (ui: unknown): string | null => {
  if (!isObject(ui) || ui['ui:fieldType'] !== 'relation' || !isObject(ui['ui:options'])) return null;
  const form = ui['ui:options'].form;
  return typeof form === 'string' ? form : null;
};

/**
 * The ledger setting of a form version, or null when it keeps none. A setting that names fields
 * the form does not have, or lacks a movement type, throws 422 `invalid_stock_ledger`: storing
 * the movement without its stock effect would leave on-hand silently wrong.
 */
export function stockLedgerOf(schema: JsonObject, uiSchema: JsonObject): StockLedger | null {
  const options = uiSchema['ui:options'];
  if (!isObject(options) || options.stockLedger === undefined) return null;
  const raw = options.stockLedger;
  if (!isObject(raw)) throw misconfigured('is not an object');
  const properties = isObject(schema.properties) ? schema.properties : {};
  const field = (name: string, optional: boolean): string | null => {
    const key = raw[name];
    if (key === undefined && optional) return null;
    if (typeof key !== 'string' || !Object.hasOwn(properties, key)) {
      throw misconfigured(`names no top-level field as "${name}"`);
    }
    return key;
  };
  const types = isObject(raw.types) ? raw.types : {};
  const typeValues = {} as Record<MovementKind, string>;
  for (const kind of MOVEMENT_KINDS) {
    if (typeof types[kind] !== 'string') throw misconfigured(`has no value for the "${kind}" movement type`);
    typeValues[kind] = types[kind];
  }
  if (new Set(Object.values(typeValues)).size !== MOVEMENT_KINDS.length) throw misconfigured('gives two movement types the same value');
  const item = field('item', false)!;
  const zone = field('zone', false)!;
  return {
    item,
    zone,
    toZone: field('toZone', true),
    movementType: field('movementType', false)!,
    quantity: field('quantity', false)!,
    reference: field('reference', true),
    types: typeValues,
    allowNegativeStock: raw.allowNegativeStock === true,
    itemFields: fieldNames(DEFAULT_ITEM_FIELDS, raw.itemFields),
    zoneFields: fieldNames(DEFAULT_ZONE_FIELDS, raw.zoneFields),
    itemForm: relationTarget(uiSchema[item]),
    zoneForm: relationTarget(uiSchema[zone]),
  };
}

/** 2.5 → 2500; null when the number has more than three decimal places or is out of range. */
export function toThousandths(quantity: number): number | null {
  if (!Number.isFinite(quantity) || Math.abs(quantity) > MAX_QUANTITY) return null;
  const scaled = Math.round(quantity * QUANTITY_SCALE);
  // Binary floats hold 0.001 steps only nearly (2.675 * 1000 = 2674.9999…); a real fourth decimal is far off.
  return Math.abs(scaled - quantity * QUANTITY_SCALE) < 1e-6 ? scaled : null;
}

export const fromThousandths = (value: number | string | bigint): number => Number(value) / QUANTITY_SCALE;

/** One zone's change: `delta`, or for a count `setTo` (the counted on-hand). Quantities in thousandths. */
export type Leg = { zone: string; delta: number; setTo?: undefined } | { zone: string; setTo: number; delta?: undefined };

export interface Movement {
  kind: MovementKind;
  item: string;
  zone: string;
  toZone: string | null;
  /** Thousandths; for a count, the quantity counted. */
  quantity: number;
  reference: string | null;
  legs: Leg[];
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * The movement a submission records, or the 422 `validation_failed` details of what keeps it from
 * being one. The form's JSON Schema may say less than the ledger needs (a form someone built by
 * hand), so the ledger checks for itself what it relies on.
 */
export function movementOf(ledger: StockLedger, data: JsonObject): { movement: Movement } | { problems: ValidationDetail[] } {
  const problems: ValidationDetail[] = [];
  const problem = (key: string, message: string, keyword = 'stockLedger') =>
    problems.push({ path: formatPointer([key]), message, keyword, params: {} });
  const kind = MOVEMENT_KINDS.find((k) => ledger.types[k] === data[ledger.movementType]);
  if (!kind) problem(ledger.movementType, 'must be one of the movement types (receive, issue, transfer, count)');
  const item = text(data[ledger.item]);
  if (!item) problem(ledger.item, 'is required', 'required');
  const zone = text(data[ledger.zone]);
  if (!zone) problem(ledger.zone, 'is required', 'required');
  const toZone = kind === 'transfer' && ledger.toZone ? text(data[ledger.toZone]) : null;
  if (kind === 'transfer') {
    if (!ledger.toZone) problem(ledger.movementType, 'cannot be a transfer: the form has no zone to move to');
    else if (!toZone) problem(ledger.toZone, 'is required', 'required');
    else if (toZone === zone) problem(ledger.toZone, 'must be another zone than the one the goods leave');
  }
  const raw = data[ledger.quantity];
  const quantity = typeof raw === 'number' ? toThousandths(raw) : null;
  if (raw === undefined || raw === null) problem(ledger.quantity, 'is required', 'required');
  else if (quantity === null) problem(ledger.quantity, `must be a number with at most three decimal places, up to ${MAX_QUANTITY}`);
  else if (quantity < 0 || (quantity === 0 && kind !== 'count')) {
    problem(ledger.quantity, kind === 'count' ? 'must be 0 or more' : 'must be more than 0');
  }
  if (problems.length || !kind || !item || !zone || quantity === null) return { problems };

  const legs: Leg[] =
    kind === 'receive'
      ? [{ zone, delta: quantity }]
      : kind === 'issue'
        ? [{ zone, delta: -quantity }]
        : kind === 'transfer'
          ? [
              { zone, delta: -quantity },
              { zone: toZone!, delta: quantity },
            ]
          : [{ zone, setTo: quantity }];
  const reference = ledger.reference ? text(data[ledger.reference]) : null;
  return { movement: { kind, item, zone, toZone, quantity, reference: reference?.slice(0, 500) ?? null, legs } };
}

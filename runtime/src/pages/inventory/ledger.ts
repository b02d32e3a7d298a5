// What the stock pages need to know of a movement form: its `ui:options.stockLedger` setting (see
// docs/API.md, "Stock ledger") and the item and zone lists its relation fields link to. The server
// checks the same setting on every movement; here it only decides what to show.
import { localizeForm } from '@formloom/schemas';
import type { Form } from '../../api/types.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { StockZone } from '../../api/stock.ts';

export const MOVEMENT_KINDS = ['receive', 'issue', 'transfer', 'count'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface LedgerSetting {
  item: string;
  zone: string;
  toZone: string | null;
  movementType: string;
  quantity: string;
  reference: string | null;
  /** movement kind → the movement type field's value */
  types: Record<MovementKind, string>;
  itemForm: string;
  zoneForm: string | null;
  itemFields: { sku: string; barcode: string; name: string; unit: string; reorderPoint: string };
  zoneFields: { code: string; name: string; nameZh: string };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function names<T extends Record<string, string>>(defaults: T, given: unknown): T {
  const out: Record<string, string> = { ...defaults };
  if (isObject(given)) for (const key of Object.keys(defaults)) if (typeof given[key] === 'string') out[key] = given[key] as string;
  return out as T;
}

const relationTarget = (ui: unknown): string | null =>
  isObject(ui) && ui['ui:fieldType'] === 'relation' && isObject(ui['ui:options']) ? str(ui['ui:options'].form) : null;

/** The published version's ledger setting, or null when the form keeps none (or its item field links to no form). */
export function ledgerSetting(form: Form): LedgerSetting | null {
  const uiSchema = form.published?.uiSchema as Json | undefined;
  const options = uiSchema?.['ui:options'];
  const raw = isObject(options) ? options.stockLedger : undefined;
  if (!uiSchema || !isObject(raw)) return null;
  const item = str(raw.item);
  const zone = str(raw.zone);
  const movementType = str(raw.movementType);
  const quantity = str(raw.quantity);
  const types = isObject(raw.types) ? raw.types : {};
  if (!item || !zone || !movementType || !quantity || MOVEMENT_KINDS.some((k) => typeof types[k] !== 'string')) return null;
  const itemForm = relationTarget(uiSchema[item]);
  if (!itemForm) return null;
  return {
    item,
    zone,
    toZone: str(raw.toZone),
    movementType,
    quantity,
    reference: str(raw.reference),
    types: types as Record<MovementKind, string>,
    itemForm,
    zoneForm: relationTarget(uiSchema[zone]),
    itemFields: names({ sku: 'sku', barcode: 'barcode', name: 'name', unit: 'unit', reorderPoint: 'reorderPoint' }, raw.itemFields),
    zoneFields: names({ code: 'code', name: 'name', nameZh: 'nameZh' }, raw.zoneFields),
  };
}

export const hasStockLedger = (form: Form) => ledgerSetting(form) !== null;

/** A zone's name in the UI language: the Chinese name in zh-Hant when it has one. */
export function zoneName(zone: Pick<StockZone, 'label' | 'name'>, locale: Locale): string {
  return (locale === 'zh-Hant' ? zone.name['zh-Hant'] : zone.name.en) ?? zone.label;
}

/** A zone from the zone list's record, in the shape the stock API answers with. */
export function zoneFromRecord(setting: LedgerSetting, record: { id: string; data: Json }): StockZone {
  const f = setting.zoneFields;
  const en = str(record.data[f.name]);
  const code = str(record.data[f.code]);
  return { id: record.id, label: en ?? code ?? record.id, code, name: { en, 'zh-Hant': str(record.data[f.nameZh]) } };
}

/** Quantities are kept to thousandths; show them without float noise and without trailing zeros. */
export function formatQuantity(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en-GB', { maximumFractionDigits: 3 }).format(value);
}

/**
 * value → title in the UI language, for the item list's unit field ("carton" → "Carton" / "箱"),
 * from the item form's published version; empty when it has no such choices.
 */
export function unitLabels(itemForm: Form | null, unitField: string, locale: Locale): Map<string, string> {
  const version = itemForm?.published;
  if (!version) return new Map();
  const { schema } = localizeForm(version.schema, version.uiSchema, locale);
  const field = isObject(schema.properties) ? schema.properties[unitField] : undefined;
  const options = isObject(field) && Array.isArray(field.oneOf) ? field.oneOf : [];
  return new Map(
    options
      .filter(isObject)
      .flatMap((o) => (typeof o.const === 'string' && typeof o.title === 'string' ? [[o.const, o.title] as const] : [])),
  );
}

/**
 * What a report may name: the meta dimensions every submission has, and the top-level fields of a
 * form's published versions with what the labels need (titles and option titles in en and zh-Hant,
 * the field type deciding money, people and departments).
 */
import { localizeForm, type FieldKind, type ReportLabel, type ReportValueType } from '@formloom/schemas';
import { readJson } from '../../../db/dialect.ts';
import { formVersionsRepo, type FormRow } from '../../../repositories/forms.ts';
import type { Db } from '../../../repositories/types.ts';
import { queryFieldsOf } from '../../submissionQuery.ts';

export type MetaName = 'createdAt' | 'updatedAt' | 'createdBy' | 'department' | 'status';

export interface ReportableField {
  /** `data.<key>` or a meta name. */
  name: string;
  kind: FieldKind;
  /** The data key, for `data.<key>` fields. */
  key?: string;
  meta?: MetaName;
  title: ReportLabel;
  /** How its values read unbucketed: money, a person's id, a department's id… */
  valueType: ReportValueType;
  /** Titles of coded values (options, yes/no), keyed by the value as text ('true' for true). */
  options: Map<string, ReportLabel>;
}

const META: Record<MetaName, Omit<ReportableField, 'name' | 'options'>> = {
  createdAt: { kind: 'datetime', meta: 'createdAt', title: { en: 'Submitted', 'zh-Hant': '提交時間' }, valueType: 'datetime' },
  updatedAt: { kind: 'datetime', meta: 'updatedAt', title: { en: 'Last updated', 'zh-Hant': '最後更新' }, valueType: 'datetime' },
  // Reports group by the submitter's id (names come as labels), unlike the data views, which sort by name.
  createdBy: { kind: 'text', meta: 'createdBy', title: { en: 'Submitted by', 'zh-Hant': '提交人' }, valueType: 'person' },
  department: { kind: 'text', meta: 'department', title: { en: 'Department', 'zh-Hant': '部門' }, valueType: 'department' },
  status: { kind: 'text', meta: 'status', title: { en: 'Status', 'zh-Hant': '狀態' }, valueType: 'status' },
};

export const STATUS_LABELS: Record<string, ReportLabel> = {
  submitted: { en: 'Submitted', 'zh-Hant': '已提交' },
  pending: { en: 'Pending approval', 'zh-Hant': '審批中' },
  approved: { en: 'Approved', 'zh-Hant': '已批准' },
  rejected: { en: 'Rejected', 'zh-Hant': '已拒絕' },
  returned: { en: 'Returned', 'zh-Hant': '已退回' },
  withdrawn: { en: 'Withdrawn', 'zh-Hant': '已撤回' },
};

const YES_NO = new Map<string, ReportLabel>([
  ['true', { en: 'Yes', 'zh-Hant': '是' }],
  ['false', { en: 'No', 'zh-Hant': '否' }],
]);

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `oneOf: [{const, title}]` or `enum` of a field (a multi-select's items), by value text. */
function optionTitles(en: JsonObject, zh: JsonObject): Map<string, ReportLabel> {
  const options = new Map<string, ReportLabel>();
  const [enList, zhList] = isObject(en.items) && isObject(zh.items) ? [en.items, zh.items] : [en, zh];
  if (Array.isArray(enList.oneOf)) {
    enList.oneOf.forEach((option, i) => {
      if (!isObject(option) || !('const' in option)) return;
      const title = typeof option.title === 'string' ? option.title : String(option.const);
      const zhOption = Array.isArray(zhList.oneOf) ? zhList.oneOf[i] : undefined;
      const zhTitle = isObject(zhOption) && typeof zhOption.title === 'string' ? zhOption.title : title;
      options.set(String(option.const), { en: title, 'zh-Hant': zhTitle });
    });
  } else if (Array.isArray(enList.enum)) {
    for (const value of enList.enum) options.set(String(value), { en: String(value), 'zh-Hant': String(value) });
  }
  return options;
}

function valueTypeOf(kind: FieldKind, fieldType: unknown): ReportValueType {
  if (kind === 'number') return fieldType === 'money' ? 'money' : 'number';
  if (kind === 'boolean') return 'boolean';
  if (kind === 'date') return 'date';
  if (kind === 'datetime') return 'datetime';
  if (fieldType === 'person') return 'person';
  if (fieldType === 'department') return 'department';
  return 'text';
}

const cache = new Map<string, Map<string, ReportableField>>();

/**
 * The meta dimensions and every top-level field over the published versions (kinds as the data views
 * decide them: the newest version wins); titles, options and the field type come from the newest
 * version that has the field. Published versions never change, so this is cached per latest version.
 */
export async function reportableFieldsOf(db: Db, form: FormRow): Promise<Map<string, ReportableField>> {
  const cacheKey = `${form.id}@${form.latest_version ?? 0}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const kinds = await queryFieldsOf(db, form);
  const fields = new Map<string, ReportableField>();
  for (const [name, meta] of Object.entries(META)) fields.set(name, { name, ...meta, options: new Map() });
  const described = new Map<string, Omit<ReportableField, 'kind' | 'valueType' | 'name'> & { fieldType: unknown }>();
  for (const version of await formVersionsRepo.list(db, form.id)) {
    const schema = readJson<JsonObject>(version.schema);
    const uiSchema = readJson<JsonObject>(version.ui_schema ?? {}) ?? {};
    const zh = localizeForm(schema, uiSchema, 'zh-Hant').schema;
    const properties = isObject(schema.properties) ? schema.properties : {};
    const zhProperties = isObject(zh.properties) ? zh.properties : {};
    for (const [key, enSchema] of Object.entries(properties)) {
      if (!isObject(enSchema)) continue;
      const zhSchema = isObject(zhProperties[key]) ? zhProperties[key] : enSchema;
      const en = typeof enSchema.title === 'string' && enSchema.title ? enSchema.title : key;
      const zhTitle = typeof zhSchema.title === 'string' && zhSchema.title ? zhSchema.title : en;
      const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
      described.set(key, {
        key,
        title: { en, 'zh-Hant': zhTitle },
        options: optionTitles(enSchema, zhSchema),
        fieldType: ui['ui:fieldType'],
      });
    }
  }
  for (const [name, field] of kinds) {
    if (field.key === undefined) continue;
    const about = described.get(field.key);
    const options = about?.options.size ? about.options : field.kind === 'boolean' ? YES_NO : new Map<string, ReportLabel>();
    fields.set(name, {
      name,
      kind: field.kind,
      key: field.key,
      title: about?.title ?? { en: field.key, 'zh-Hant': field.key },
      valueType: valueTypeOf(field.kind, about?.fieldType),
      options,
    });
  }
  if (cache.size > 1000) cache.clear();
  cache.set(cacheKey, fields);
  return fields;
}

/**
 * Any draft-07 or 2020-12 object schema (with its uiSchema, if any) → a FormDoc. The promise:
 * `compileForm(importForm(s, u))` accepts exactly the data `s` accepts. Fields are recognised by
 * `ui:fieldType`, else by shape (importField.ts); what cannot be modelled faithfully becomes an
 * 'advanced' field holding its fragment untouched, or stays in `extras`. Nothing is dropped.
 */
import { defaultFieldTypes, formatPointer, I18N_KEY, translationsFor, type ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { DOC_LIMITS } from './checkDoc.ts';
import { compileForm } from './compile.ts';
import { FormImportError } from './errors.ts';
import { fitField, isObject, typesByShape, type FitContext } from './importField.ts';
import { importRules, type PendingEntries } from './importRules.ts';
import { containerKind, placementProblem } from './structure.ts';
import { ADVANCED_TYPE, walkFields, type Extras, type FieldNode, type FormDoc, type Localized } from './tree.ts';

type JsonObject = Record<string, unknown>;

export interface ImportOptions {
  registry?: ReadonlyFieldTypeRegistry;
  /** Ids for fields and rules; by default `i1`, `i2`... after a random prefix. */
  idFactory?: () => string;
}

/** Where a field sits, as pointer tokens into the schema and the uiSchema. */
interface Place {
  schema: string[];
  ui: string[];
}

interface State {
  registry: ReadonlyFieldTypeRegistry;
  newId: () => string;
  zh: Record<string, string>;
  places: Map<string, Place>;
  pending: PendingEntries;
}

function defaultIdFactory(): () => string {
  const prefix = Math.random().toString(36).slice(2, 7);
  let n = 0;
  return () => `i${prefix}${(n++).toString(36)}`;
}

function text(en: unknown, zh: string | undefined): Localized {
  return { en: typeof en === 'string' ? en : '', 'zh-Hant': zh ?? '' };
}

/** Keys in the order rjsf shows them: `ui:order` first (`*` standing for the rest), then the others. */
function orderedKeys(properties: JsonObject, order: unknown): string[] {
  const keys = Object.keys(properties);
  if (!Array.isArray(order)) return keys;
  const listed = order.filter((k): k is string => typeof k === 'string' && (k === '*' || Object.hasOwn(properties, k)));
  const rest = keys.filter((k) => !listed.includes(k));
  const star = listed.indexOf('*');
  const named = listed.filter((k) => k !== '*');
  return star < 0 ? [...named, ...rest] : [...named.slice(0, star), ...rest, ...named.slice(star)];
}

/** The object extras of a level: the form's, a section's, or a sub-table row's (`items`). */
function levelExtras(doc: FormDoc, owner: FieldNode | null, inItems: boolean): Extras {
  if (!owner) return doc.extras;
  owner.extras ??= { schema: {}, uiSchema: {} };
  if (!inItems) return owner.extras;
  const schema = (owner.extras.schema.items ??= {}) as JsonObject;
  const uiSchema = (owner.extras.uiSchema.items ??= {}) as JsonObject;
  return { schema, uiSchema };
}

function pruneEmpty(node: FieldNode): void {
  const extras = node.extras;
  if (!extras) return;
  for (const part of [extras.schema, extras.uiSchema]) if (isObject(part.items) && Object.keys(part.items).length === 0) delete part.items;
  if (!Object.keys(extras.schema).length && !Object.keys(extras.uiSchema).length && !extras.i18n) delete node.extras;
}

function makeImporter(state: State, doc: FormDoc) {
  const zhAt = (pointer: string) => state.zh[pointer] ?? '';

  /** Reads an object level's children; false when its `properties` or `required` are not usable. */
  function readLevel(
    level: JsonObject,
    levelUi: JsonObject,
    at: Place,
    owner: FieldNode | null,
    inItems: boolean,
    depth: number,
  ): FieldNode[] | undefined {
    const { properties = {}, required = [] } = level;
    if (!isObject(properties) || !Array.isArray(required) || !required.every((k) => typeof k === 'string')) return undefined;
    const extras = levelExtras(doc, owner, inItems);
    const children = orderedKeys(properties, levelUi['ui:order']).map((key) => {
      const ui = isObject(levelUi[key]) ? (levelUi[key] as JsonObject) : {};
      const place = { schema: [...at.schema, 'properties', key], ui: [...at.ui, key] };
      const child = readField(key, properties[key], ui, place, depth + 1, owner);
      child.required = required.includes(key);
      return child;
    });
    const unknownRequired = required.filter((k) => !Object.hasOwn(properties, k));
    if (unknownRequired.length) extras.schema.required = unknownRequired;
    if (Array.isArray(level.allOf)) state.pending.set(owner?.id ?? null, [...level.allOf]);
    else if (level.allOf !== undefined) extras.schema.allOf = level.allOf;
    // uiSchema entries for properties the schema does not have: kept, rjsf ignores them.
    for (const [key, value] of Object.entries(levelUi)) {
      if (!key.startsWith('ui:') && !Object.hasOwn(properties, key)) extras.uiSchema[key] = value;
    }
    if (owner) pruneEmpty(owner);
    return children;
  }

  function advanced(key: string, fragment: unknown, ui: JsonObject, at: Place): FieldNode {
    const titlePointer = formatPointer(['schema', ...at.schema, 'title']);
    const title = isObject(fragment) && typeof fragment.title === 'string' ? fragment.title : undefined;
    return {
      id: state.newId(),
      type: ADVANCED_TYPE,
      key,
      label: text(title, title === undefined ? '' : zhAt(titlePointer)),
      required: false,
      props: {},
      raw: {
        schema: structuredClone(isObject(fragment) || typeof fragment === 'boolean' ? fragment : {}) as JsonObject,
        uiSchema: structuredClone(ui),
      },
    };
  }

  function readField(key: string, fragment: unknown, ui: JsonObject, at: Place, depth: number, parent: FieldNode | null): FieldNode {
    const named = typeof ui['ui:fieldType'] === 'string' ? [ui['ui:fieldType'] as string] : [];
    const candidates = [...new Set([...named, ...typesByShape(fragment, state.registry)])].filter((type) => {
      const def = type === ADVANCED_TYPE ? undefined : state.registry.get(type);
      return def && !placementProblem(def, parent, state.registry) && !(def.container && depth >= DOC_LIMITS.maxDepth);
    });
    const ctx: FitContext = {
      zhAt,
      schemaPointer: formatPointer(['schema', ...at.schema]),
      uiPointer: formatPointer(['uiSchema', ...at.ui]),
      readChildren(node, level, levelUi, inItems) {
        const levelAt = inItems ? { schema: [...at.schema, 'items'], ui: [...at.ui, 'items'] } : at;
        const children = readLevel(level, levelUi, levelAt, node, inItems, depth);
        if (children) node.children = children;
        return children !== undefined;
      },
    };
    for (const type of candidates) {
      const node = fitField(state.registry.get(type)!, key, fragment, ui, ctx, state.newId());
      if (node) {
        state.places.set(node.id, at);
        return node;
      }
    }
    const node = advanced(key, fragment, ui, at);
    state.places.set(node.id, at);
    return node;
  }

  return { readLevel };
}

/**
 * zh-Hant strings compile does not write back by itself (translations of kept keywords, stale
 * pointers) are attached to the innermost field they point into, relative to it, so they follow
 * the field if it moves; the rest go to the form's extras.
 */
function keepTranslations(doc: FormDoc, state: State): void {
  const compiled = compileForm(doc, { registry: state.registry }).uiSchema[I18N_KEY] as { 'zh-Hant': Record<string, string> };
  const owners = new Map<string, { node: FieldNode; root: 'schema' | 'uiSchema' }>();
  walkFields(doc.fields, (node) => {
    const place = state.places.get(node.id);
    if (!place) return;
    owners.set(formatPointer(['schema', ...place.schema]), { node, root: 'schema' });
    owners.set(formatPointer(['uiSchema', ...place.ui]), { node, root: 'uiSchema' });
  });
  for (const [pointer, zh] of Object.entries(state.zh)) {
    if (compiled['zh-Hant'][pointer] === zh) continue;
    const tokens = pointer.split('/');
    let placed = false;
    for (let n = tokens.length; n > 2 && !placed; n--) {
      const owner = owners.get(tokens.slice(0, n).join('/'));
      if (!owner) continue;
      const relative = `/${owner.root}${tokens.length > n ? '/' + tokens.slice(n).join('/') : ''}`;
      const target = owner.node.raw ?? (owner.node.extras ??= { schema: {}, uiSchema: {} });
      target.i18n = { ...(target.i18n ?? {}), [relative]: zh };
      placed = true;
    }
    if (!placed) doc.extras.i18n = { ...(doc.extras.i18n ?? {}), [pointer]: zh };
  }
}

export function importForm(schema: unknown, uiSchema: unknown = {}, options: ImportOptions = {}): FormDoc {
  if (!isObject(schema) || schema.type !== 'object') {
    throw new FormImportError('A form schema is a JSON object whose root has "type": "object".');
  }
  const ui = isObject(uiSchema) ? uiSchema : {};
  const state: State = {
    registry: options.registry ?? defaultFieldTypes,
    newId: options.idFactory ?? defaultIdFactory(),
    zh: translationsFor(ui, 'zh-Hant'),
    places: new Map(),
    pending: new Map(),
  };
  const doc: FormDoc = {
    title: text(schema.title, state.zh['/schema/title']),
    description: text(schema.description, state.zh['/schema/description']),
    fields: [],
    rules: [],
    extras: { schema: {}, uiSchema: {} },
  };
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'type' || key === 'properties' || key === 'required' || key === 'allOf') continue;
    if ((key === 'title' || key === 'description') && typeof value === 'string') continue;
    doc.extras.schema[key] = value;
  }
  for (const [key, value] of Object.entries(ui)) {
    if (key === 'ui:order' || (!key.startsWith('ui:') && isObject(schema.properties) && Object.hasOwn(schema.properties, key))) continue;
    if (key === I18N_KEY && isObject(value)) {
      const { 'zh-Hant': _zh, ...others } = value;
      if (Object.keys(others).length) doc.extras.uiSchema[I18N_KEY] = others;
    } else doc.extras.uiSchema[key] = value;
  }

  const fields = makeImporter(state, doc).readLevel(schema, ui, { schema: [], ui: [] }, null, false, 0);
  if (!fields) throw new FormImportError('The form\'s "properties" must be an object and "required" a list of names.');
  doc.fields = fields;
  importRules(doc, state.pending, state.registry, state.newId);

  // Entries no rule accounts for stay where they were, as the level's own allOf.
  const index = new Map<string, FieldNode>();
  walkFields(doc.fields, (node) => void index.set(node.id, node));
  for (const [levelId, entries] of state.pending) {
    if (!entries.length) continue;
    const owner = levelId === null ? null : index.get(levelId);
    if (owner === undefined) continue; // a candidate type that was tried and not kept
    const inItems = owner !== null && containerKind(owner, state.registry) === 'array';
    levelExtras(doc, owner, inItems).schema.allOf = entries;
  }
  keepTranslations(doc, state);
  return doc;
}

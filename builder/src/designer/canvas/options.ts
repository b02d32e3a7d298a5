import type { FieldTypeDefinition, Localized } from '@formloom/schemas';
import type { ChoiceOption, FieldNode } from '../../core/index.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A choice field's options: its own, else the ones its registry entry starts with (with their
 * zh-Hant titles from the entry's `i18n`), so a freshly dropped dropdown shows "Option 1, Option 2".
 */
export function optionsOf(node: FieldNode, def: FieldTypeDefinition | undefined): ChoiceOption[] {
  // Options from another form's records are known only when the form is filled in.
  if (node.props.optionsFrom) return [];
  if (node.props.options) return node.props.options;
  if (!def) return [];
  const array = def.valueKind === 'array';
  const holder = array ? def.schema.items : def.schema;
  const oneOf = isObject(holder) && Array.isArray(holder.oneOf) ? holder.oneOf : [];
  const zh = def.i18n?.['zh-Hant'] ?? {};
  const prefix = array ? '/schema/items/oneOf' : '/schema/oneOf';
  return oneOf.flatMap((option, i) => {
    if (!isObject(option) || typeof option.const !== 'string') return [];
    const en = typeof option.title === 'string' ? option.title : option.const;
    const label: Localized = { en, 'zh-Hant': zh[`${prefix}/${i}/title`] ?? '' };
    return [{ value: option.const, label }];
  });
}

/** The titled constants of a boolean choice (Yes / No), for a rule's value picker and the canvas. */
export function booleanChoices(def: FieldTypeDefinition | undefined): { value: boolean; label: Localized }[] | null {
  if (!def || def.valueKind !== 'boolean' || !Array.isArray(def.schema.oneOf)) return null;
  const zh = def.i18n?.['zh-Hant'] ?? {};
  return def.schema.oneOf.flatMap((option, i) =>
    isObject(option) && typeof option.const === 'boolean'
      ? [{ value: option.const, label: { en: String(option.title ?? option.const), 'zh-Hant': zh[`/schema/oneOf/${i}/title`] ?? '' } }]
      : [],
  );
}

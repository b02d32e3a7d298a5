/**
 * Translating a form document. The schema carries English; the root uiSchema's
 * `ui:i18n: { "zh-Hant": { "<pointer>": "text" } }` carries the rest, with pointers into
 * the pair `{schema, uiSchema}` (`/schema/properties/x/title`, `/uiSchema/x/ui:help`).
 */
import { defaultLocale, type Locale, type Localized } from './locales.ts';
import { replaceAtPointer, resolvePointer } from './pointer.ts';

export { escapePointerToken, formatPointer, parsePointer, resolvePointer } from './pointer.ts';

export const I18N_KEY = 'ui:i18n';

type JsonObject = Record<string, unknown>;

/** A Localized value in the given locale, falling back to English when a translation is empty. */
export function localized(value: Localized, locale: Locale): string {
  return value[locale] || value[defaultLocale];
}

/** The `ui:i18n` entries for one locale, keeping only string values. */
export function translationsFor(uiSchema: JsonObject, locale: Locale): Record<string, string> {
  const byLocale = uiSchema[I18N_KEY];
  if (!byLocale || typeof byLocale !== 'object') return {};
  const map = (byLocale as JsonObject)[locale];
  if (!map || typeof map !== 'object' || Array.isArray(map)) return {};
  return Object.fromEntries(Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * Returns translated deep copies of a form's schema and uiSchema; the inputs are never touched.
 * Only existing string values are replaced: a pointer that does not resolve, or that points at an
 * object, is ignored, so a stale translation can never change a form's structure.
 * The `ui:i18n` map stays in the copy so a client can still switch locale.
 */
export function localizeForm(schema: JsonObject, uiSchema: JsonObject, locale: Locale): { schema: JsonObject; uiSchema: JsonObject } {
  const doc = { schema: structuredClone(schema), uiSchema: structuredClone(uiSchema) };
  if (locale === defaultLocale) return doc;
  for (const [pointer, text] of Object.entries(translationsFor(uiSchema, locale))) {
    // Translating the i18n map itself would corrupt the other locales' entries.
    if (pointer === `/uiSchema/${I18N_KEY}` || pointer.startsWith(`/uiSchema/${I18N_KEY}/`)) continue;
    const target = resolvePointer(doc, pointer);
    if (target.found && typeof target.value === 'string') replaceAtPointer(doc, pointer, text);
  }
  return doc;
}

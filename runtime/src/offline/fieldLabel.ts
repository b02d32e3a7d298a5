import { translationsFor } from '@formloom/schemas';
import type { FormVersion } from '../api/types.ts';
import type { Locale } from '../i18n/locale.ts';
import { parsePointer } from '../form/serverErrors.ts';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A data pointer from a 422 detail (`/items/0/qty`) in the person's words: the fields' titles in `locale`
 * joined with ›, table rows counted from 1 (`Items › 1 › Quantity`); keys where a title is missing.
 */
export function fieldLabel(version: Pick<FormVersion, 'schema' | 'uiSchema'> | null, pointer: string, locale: Locale): string {
  const tokens = parsePointer(pointer);
  if (!version) return tokens.join(' › ');
  const translations = locale === 'en' ? {} : translationsFor(version.uiSchema, locale);
  const parts: string[] = [];
  let node: unknown = version.schema;
  let schemaPointer = '/schema';
  for (const token of tokens) {
    if (isObject(node) && isObject(node.items) && /^\d+$/.test(token)) {
      parts.push(String(Number(token) + 1));
      node = node.items;
      schemaPointer += '/items';
      continue;
    }
    const properties = isObject(node) && isObject(node.properties) ? node.properties : null;
    node = properties?.[token];
    schemaPointer += `/properties/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const title = translations[`${schemaPointer}/title`] ?? (isObject(node) && typeof node.title === 'string' ? node.title : null);
    parts.push(title || token);
  }
  return parts.join(' › ');
}

import type { TFunction } from 'i18next';
import { isObject } from '../submissionColumns.ts';

type JsonObject = Record<string, unknown>;

/** The field a JSON Pointer into a submission's data points at, named the way the form names it. */
export interface FieldAtPointer {
  /** `["Items", "Row 2", "Quantity"]`; a key the form no longer has is shown as the key. */
  labels: string[];
  schema: JsonObject;
  ui: JsonObject;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Follows `pointer` (`/lines/0/qty`) through a localized schema and its uiSchema. */
export function fieldAt(schema: JsonObject, uiSchema: JsonObject, pointer: string, t: TFunction): FieldAtPointer {
  const segments = pointer.split('/').slice(1).map(unescape);
  let node: JsonObject = schema;
  let ui: JsonObject = uiSchema;
  const labels: string[] = [];
  for (const segment of segments) {
    if (node.type === 'array' && /^\d+$/.test(segment)) {
      labels.push(t('records.history.row', { n: Number(segment) + 1 }));
      node = isObject(node.items) ? node.items : {};
      ui = isObject(ui.items) ? ui.items : {};
      continue;
    }
    const properties = isObject(node.properties) ? node.properties : {};
    const next = Object.hasOwn(properties, segment) && isObject(properties[segment]) ? properties[segment] : {};
    labels.push(typeof next.title === 'string' && next.title ? next.title : segment);
    node = next;
    ui = Object.hasOwn(ui, segment) && isObject(ui[segment]) ? ui[segment] : {};
  }
  return { labels, schema: node, ui };
}

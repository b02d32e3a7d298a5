/**
 * The relation picker's scan: which records of a form carry a scanned barcode. A record matches when
 * one of its top-level barcode fields (`"ui:fieldType": "barcode"` in the form's latest published
 * version) holds the code exactly, the GTIN of GS1 data, or that GTIN in another width (an item saved
 * with its EAN-13 is found by a GS1 label's GTIN-14). Who sees which records: the records rule.
 */
import { scanLookupCodes, type JsonObject, type LinkableRecord, type User } from '@formloom/schemas';
import { submissionsRepo } from '../repositories/submissions.ts';
import type { Db } from '../repositories/types.ts';
import { isObject } from './formFields.ts';
import { displayFieldOf, labelOf, recordAccess, visibleRecordData } from './relations.ts';

/** Top-level fields of a form version that hold barcodes. */
export function barcodeFieldsOf(published: { schema: JsonObject; uiSchema: JsonObject } | null): string[] {
  if (!published || !isObject(published.schema.properties)) return [];
  return Object.keys(published.schema.properties).filter((key) => {
    const ui = published.uiSchema[key];
    return isObject(ui) && ui['ui:fieldType'] === 'barcode';
  });
}

export async function findRecordsByScan(
  db: Db,
  user: User,
  formId: string,
  query: { scan: string; display?: string; limit: number },
): Promise<LinkableRecord[]> {
  const access = await recordAccess(db, user, formId);
  const displayField = displayFieldOf(access, query.display);
  const rows = await submissionsRepo.listWithAnyFieldValue(db, access.form.id, {
    onlyCreatedBy: access.onlyCreatedBy,
    fields: barcodeFieldsOf(access.published),
    values: scanLookupCodes(query.scan),
    limit: query.limit,
  });
  return rows.map((row) => {
    const data = visibleRecordData(access, row);
    return { id: row.id, label: labelOf(data, displayField), data };
  });
}

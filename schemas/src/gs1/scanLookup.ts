import { gtinSpellings } from './gtin.ts';
import { parseGs1 } from './parseGs1.ts';

/**
 * The values a barcode field may hold for a record to match a scanned `code` (the relation picker's
 * scan, `GET /api/forms/:formId/records?scan=`): the code as scanned, its GTIN when it is GS1
 * data, and every width of a GTIN (an item saved with its EAN-13 is found by a GS1 label's GTIN-14).
 */
export function scanLookupCodes(code: string): string[] {
  const codes = new Set<string>([code]);
  const gs1 = parseGs1(code);
  const gtin = gs1?.ok ? gs1.gs1.gtin : undefined;
  if (gtin) codes.add(gtin);
  for (const spelling of gtinSpellings(gtin ?? code)) codes.add(spelling);
  return [...codes];
}

/**
 * How the bundled decoder (@zxing/library, pure JS, no CDN) is set up: which formats it looks for
 * and how hard. Kept apart from the camera so a Node test can decode generated barcodes with
 * exactly this configuration.
 */
import { BarcodeFormat, DecodeHintType } from '@zxing/library';
import { SCAN_FORMATS, type ScanFormat } from '../types.ts';

export function decodeHints(formats: readonly ScanFormat[] = SCAN_FORMATS): Map<DecodeHintType, unknown> {
  return new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, formats.map((name) => BarcodeFormat[name])],
    // Slower per frame, but reads labels at an angle or poorly lit, which is most of a warehouse.
    [DecodeHintType.TRY_HARDER, true],
    // GS1-128 keeps its FNC1s: "]C1" in front, GS between variable-length fields (else they are dropped
    // and batch and serial run together). Code 128 without FNC1 is unaffected.
    [DecodeHintType.ASSUME_GS1, true],
  ]);
}

/** The format name of a decoded result, as ScanEvent.format reports it. */
export function formatName(format: BarcodeFormat): string {
  return BarcodeFormat[format] ?? String(format);
}

import type { Gs1Data } from '@formloom/schemas';

/** The formats the camera decoder is configured for (names as @zxing/library's BarcodeFormat). */
export const SCAN_FORMATS = ['EAN_13', 'EAN_8', 'UPC_A', 'CODE_128', 'CODE_39', 'QR_CODE', 'DATA_MATRIX'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** One code read by the camera, a keyboard-wedge scanner or typed in by hand. */
export interface ScanEvent {
  code: string;
  format?: ScanFormat | string;
  source: 'camera' | 'wedge' | 'manual';
  /** Set when the code is GS1 data (GTIN, batch, expiry…) that reads cleanly. */
  gs1?: Gs1Data;
}

/**
 * Barcode scanning for the runtime: the camera (bundled zxing decoder, loaded on first use),
 * keyboard-wedge scanners (told from typing by keystroke timing), a duplicate guard, the scan
 * beep, and page-wide scan mode. GS1 parsing lives in @formloom/schemas (parseGs1), shared with
 * the server.
 */
export { CameraScanner, type CameraScannerProps } from './CameraScanner.tsx';
export { useWedgeScanner, type UseWedgeScannerOptions } from './useWedgeScanner.ts';
export { attachWedgeScanner } from './attachWedge.ts';
export { createWedgeDetector, WEDGE_DEFAULTS, type WedgeDetector, type WedgeOptions, type KeyStroke } from './wedge.ts';
export {
  createDuplicateGuard,
  DEFAULT_DUPLICATE_WINDOW_MS,
  CAMERA_SAME_SHOWING_MS,
  type DuplicateGuard,
  type DuplicateGuardOptions,
  type DuplicateMode,
  type GuardVerdict,
} from './duplicateGuard.ts';
export { beep } from './beep.ts';
export { displayCode, toScanEvent } from './scanEvent.ts';
export { usePageScanMode, usePageScanTarget, setPageScanMode, isPageScanMode } from './pageScan.ts';
export { PageScanToggle } from './PageScanToggle.tsx';
export { SCAN_FORMATS, type ScanEvent, type ScanFormat } from './types.ts';
export type { Gs1Data } from '@formloom/schemas';

import { parseGs1 } from '@formloom/schemas';
import type { ScanEvent } from './types.ts';

/** A ScanEvent for a code, with its GS1 data when it is GS1 and reads cleanly. */
export function toScanEvent(code: string, source: ScanEvent['source'], format?: string): ScanEvent {
  const parsed = parseGs1(code);
  return { code, source, ...(format ? { format } : {}), ...(parsed?.ok ? { gs1: parsed.gs1 } : {}) };
}

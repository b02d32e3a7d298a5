import { parseGs1 } from '@formloom/schemas';
import type { ScanEvent } from './types.ts';

/** A ScanEvent for a code, with its GS1 data when it is GS1 and reads cleanly. */
export function toScanEvent(code: string, source: ScanEvent['source'], format?: string): ScanEvent {
  const parsed = parseGs1(code);
  return { code, source, ...(format ? { format } : {}), ...(parsed?.ok ? { gs1: parsed.gs1 } : {}) };
}

/** A code as people read it: GS1 data in its printed bracketed form, other control characters visible. */
export function displayCode(event: Pick<ScanEvent, 'code' | 'gs1'>): string {
  if (event.gs1) return event.gs1.elements.map(({ ai, value }) => `(${ai})${value}`).join('');
  // eslint-disable-next-line no-control-regex
  return event.code.replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)));
}

/**
 * What a barcode field does with a scan, without React: its `ui:options`, and the values a scan
 * writes — the field itself (the GTIN of GS1 data, else the code as scanned) and, for GS1 data, the
 * fields beside it named in `ui:options.gs1`.
 */
import type { Gs1Data } from '@formloom/schemas';
import { DEFAULT_DUPLICATE_WINDOW_MS, type DuplicateMode } from './duplicateGuard.ts';
import type { ScanEvent } from './types.ts';

export const GS1_KEYS = ['gtin', 'batch', 'expiry', 'serial', 'count'] as const;
export type Gs1Key = (typeof GS1_KEYS)[number];

export interface BarcodeOptions {
  continuous: boolean;
  duplicateWindowMs: number;
  duplicates: DuplicateMode;
  /** The field beside this one that counts repeats (`duplicates: 'count'`). */
  countField?: string;
  /** GS1 part → key of a field beside this one. */
  gs1: Partial<Record<Gs1Key, string>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_WINDOW_MS = 10 * 60_000;

/** Reads `ui:options` leniently: form documents are user-authored, so a bad value falls back to the default. */
export function barcodeOptions(options: Record<string, unknown>, selfKey?: string): BarcodeOptions {
  const window = options.duplicateWindowMs;
  const gs1: BarcodeOptions['gs1'] = {};
  if (isObject(options.gs1)) {
    for (const key of GS1_KEYS) {
      const target = options.gs1[key];
      if (typeof target === 'string' && target !== '' && target !== selfKey) gs1[key] = target;
    }
  }
  const countField = typeof options.countField === 'string' && options.countField !== selfKey ? options.countField : undefined;
  return {
    continuous: options.continuous === true,
    duplicateWindowMs: typeof window === 'number' && window >= 0 && window <= MAX_WINDOW_MS ? window : DEFAULT_DUPLICATE_WINDOW_MS,
    duplicates: options.duplicates === 'count' ? 'count' : 'ignore',
    countField: countField ?? gs1.count,
    gs1,
  };
}

export interface SiblingWrite {
  key: string;
  value: string | number;
}

/** The field's own value for a scan and the GS1 parts that go to fields beside it. */
export function valuesForScan(event: ScanEvent, options: BarcodeOptions): { value: string; siblings: SiblingWrite[] } {
  const gs1 = event.gs1;
  if (!gs1) return { value: event.code, siblings: [] };
  const siblings: SiblingWrite[] = [];
  for (const key of GS1_KEYS) {
    const target = options.gs1[key];
    const part = gs1[key as keyof Gs1Data];
    if (target && (typeof part === 'string' || typeof part === 'number')) siblings.push({ key: target, value: part });
  }
  return { value: gs1.gtin ?? event.code, siblings };
}

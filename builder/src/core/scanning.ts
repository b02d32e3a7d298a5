/**
 * A barcode field's scanning options (`ui:options` `continuous`, `duplicateWindowMs`, `duplicates`,
 * `countField`, `gs1`), as the runtime reads them in runtime/src/scan/barcodeOptions.ts. The
 * designer models them as one `scanning` prop; the fields named in `countField` and `gs1` are keys of
 * fields beside the barcode field, and what type each may be is decided here.
 */
import type { FieldNode } from './tree.ts';

export const GS1_PARTS = ['gtin', 'batch', 'expiry', 'serial', 'count'] as const;
export type Gs1Part = (typeof GS1_PARTS)[number];

/** The runtime's defaults; options equal to them are not written. */
export const SCAN_DEFAULTS = { duplicateWindowMs: 3000, maxDuplicateWindowMs: 600_000 } as const;

export interface ScanningOptions {
  continuous?: boolean;
  duplicateWindowMs?: number;
  duplicates?: 'ignore' | 'count';
  /** The field beside this one that counts repeats; the runtime falls back to `gs1.count`. */
  countField?: string;
  gs1?: Partial<Record<Gs1Part, string>>;
}

export const SCANNING_OPTION_NAMES = ['continuous', 'duplicateWindowMs', 'duplicates', 'countField', 'gs1'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isKey = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Why `value` is not a scanning prop, or null. Stricter than the runtime, which falls back silently. */
export function scanningProblem(value: unknown): string | null {
  const shape =
    'must be {continuous?, duplicateWindowMs? (0–600000), duplicates?: ignore | count, countField?, gs1?: {gtin, batch, expiry, serial, count}}';
  if (!isObject(value) || Object.keys(value).some((k) => !(SCANNING_OPTION_NAMES as readonly string[]).includes(k))) return shape;
  const { continuous, duplicateWindowMs: ms, duplicates, countField, gs1 } = value;
  if (continuous !== undefined && typeof continuous !== 'boolean') return shape;
  if (ms !== undefined && !(Number.isInteger(ms) && (ms as number) >= 0 && (ms as number) <= SCAN_DEFAULTS.maxDuplicateWindowMs))
    return shape;
  if (duplicates !== undefined && duplicates !== 'ignore' && duplicates !== 'count') return shape;
  if (countField !== undefined && !isKey(countField)) return shape;
  if (gs1 !== undefined) {
    if (!isObject(gs1)) return shape;
    for (const [part, key] of Object.entries(gs1)) if (!(GS1_PARTS as readonly string[]).includes(part) || !isKey(key)) return shape;
  }
  return null;
}

/** The scanning prop read from `ui:options`: the entries it models, whatever else is there. */
export function scanningFromOptions(options: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const name of SCANNING_OPTION_NAMES) if (options[name] !== undefined) out[name] = structuredClone(options[name]);
  return out;
}

/** The `ui:options` entries for the prop (it holds only what differs from the defaults, see ScanningEditor). */
export function scanningToOptions(scanning: ScanningOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SCANNING_OPTION_NAMES) if (scanning[name] !== undefined) out[name] = structuredClone(scanning[name]);
  return out;
}

/** The slots of the prop that name a field beside the barcode field: each GS1 part, and the count field. */
export type ScanTarget = Gs1Part | 'countField';

/** Which fields may take each slot: the runtime writes text to gtin/batch/serial, `YYYY-MM-DD` to expiry, a number to count. */
export const SCAN_TARGET_TYPES: Record<ScanTarget, readonly string[]> = {
  gtin: ['text', 'barcode'],
  batch: ['text'],
  expiry: ['date'],
  serial: ['text'],
  count: ['number'],
  countField: ['number'],
};

export function fitsScanTarget(target: ScanTarget, field: FieldNode): boolean {
  return SCAN_TARGET_TYPES[target].includes(field.type);
}

export interface ScanTargetProblem {
  target: ScanTarget;
  key: string;
  /** missing: no field beside it has the key (deleted, or moved elsewhere); wrongType: it cannot hold the value. */
  reason: 'missing' | 'wrongType';
}

/** The slots naming a field that is not beside `node`, or cannot hold what a scan writes there. */
export function scanTargetProblems(node: FieldNode, siblings: readonly FieldNode[]): ScanTargetProblem[] {
  const scanning = node.props.scanning;
  if (!scanning) return [];
  const named: [ScanTarget, string | undefined][] = [
    ...GS1_PARTS.map((part): [ScanTarget, string | undefined] => [part, scanning.gs1?.[part]]),
    ['countField', scanning.countField],
  ];
  const problems: ScanTargetProblem[] = [];
  for (const [target, key] of named) {
    if (key === undefined) continue;
    const field = siblings.find((f) => f.id !== node.id && f.key === key);
    if (!field) problems.push({ target, key, reason: 'missing' });
    else if (!fitsScanTarget(target, field)) problems.push({ target, key, reason: 'wrongType' });
  }
  return problems;
}

/** The prop with every slot naming `from` naming `to` (a key renamed); the same object when none does. */
export function renameInScanning(scanning: ScanningOptions, from: string, to: string): ScanningOptions {
  const gs1 = scanning.gs1;
  const gs1Hit = gs1 && Object.values(gs1).includes(from);
  if (!gs1Hit && scanning.countField !== from) return scanning;
  const next = { ...scanning };
  if (scanning.countField === from) next.countField = to;
  if (gs1Hit) next.gs1 = Object.fromEntries(Object.entries(gs1).map(([part, key]) => [part, key === from ? to : key]));
  return next;
}

/**
 * The prop as the property panel saves it: defaults left out (the runtime applies them), the count
 * field only while repeats are counted, and undefined when nothing is left.
 */
export function trimScanning(scanning: ScanningOptions): ScanningOptions | undefined {
  const out: ScanningOptions = {};
  if (scanning.continuous) out.continuous = true;
  if (scanning.duplicateWindowMs !== undefined && scanning.duplicateWindowMs !== SCAN_DEFAULTS.duplicateWindowMs)
    out.duplicateWindowMs = scanning.duplicateWindowMs;
  if (scanning.duplicates === 'count') {
    out.duplicates = 'count';
    if (scanning.countField !== undefined) out.countField = scanning.countField;
  }
  const gs1 = Object.entries(scanning.gs1 ?? {}).filter(([, key]) => key !== undefined && key !== '');
  if (gs1.length) out.gs1 = Object.fromEntries(gs1);
  return Object.keys(out).length ? out : undefined;
}

import { ApiError } from '../../../api/errors.ts';

export interface MappingErrors {
  /** Problem by mapping path without the leading `/target`: `vendor/field`, `lines/amount`, `shippingAddress/city`. */
  at: Record<string, string>;
  /** Said above the form when no field fits. */
  general: string | null;
}

export const NO_ERRORS: MappingErrors = { at: {}, general: null };

/** `/target/lines/amount` or `target.lines.amount` → `lines/amount`. */
const normalize = (path: string) =>
  path
    .split(/[/.]/)
    .filter((p) => p && p !== 'body' && p !== 'target')
    .join('/');

/**
 * Puts a refused mapping's problems (422 invalid_mapping or validation_failed `details: [{path, message}]`)
 * at the settings they concern; anything else is the server's message above the form.
 */
export function mappingErrors(error: unknown): MappingErrors {
  if (!(error instanceof ApiError)) return { at: {}, general: null };
  const at: Record<string, string> = {};
  const details = Array.isArray(error.details) ? (error.details as { path?: unknown; message?: unknown }[]) : [];
  for (const d of details) {
    if (typeof d.path !== 'string' || typeof d.message !== 'string') continue;
    const key = normalize(d.path);
    at[key] = at[key] ? `${at[key]} ${d.message}` : d.message;
  }
  return { at, general: Object.keys(at).length ? null : error.message };
}

/**
 * The problem for a setting: at its path, or under it (`lines/detail` shows `lines/detail/item/column`).
 * Problems no shown setting claims still reach the person through `unclaimed`.
 */
export function errorAt(errors: MappingErrors, path: string): string | undefined {
  if (errors.at[path]) return errors.at[path];
  const below = Object.entries(errors.at).find(([p]) => p.startsWith(`${path}/`));
  return below?.[1];
}

/** Problems whose path none of `shown` covers, so nothing the server said is dropped. */
export function unclaimed(errors: MappingErrors, shown: readonly string[]): string[] {
  return Object.entries(errors.at)
    .filter(([p]) => !shown.some((s) => p === s || p.startsWith(`${s}/`)))
    .map(([p, m]) => (p ? `${p}: ${m}` : m));
}

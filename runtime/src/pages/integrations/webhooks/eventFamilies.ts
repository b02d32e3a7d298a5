import { WEBHOOK_EVENT_TYPES } from '@formloom/schemas';

/** A family of event types sharing a prefix (`approval.task_created` → `approval`), picked whole with `approval.*`. */
export interface EventFamily {
  family: string;
  wildcard: string;
  types: string[];
}

/** The families in the order people look for them; any family the domain gains later comes after these. */
const FAMILY_ORDER = [
  'submission',
  'approval',
  'form',
  'stock',
  'schedule',
  'app',
  'notification',
  'saved_view',
  'report',
  'dashboard',
  'digest',
  'user',
  'department',
  'template',
];

const familyOf = (type: string) => type.slice(0, type.indexOf('.'));

/** Every event type a subscription may name, grouped by family (derived from the domain events, so never stale). */
export function eventFamilies(types: readonly string[] = WEBHOOK_EVENT_TYPES): EventFamily[] {
  const byFamily = new Map<string, string[]>();
  for (const type of types) {
    const family = familyOf(type);
    byFamily.set(family, [...(byFamily.get(family) ?? []), type]);
  }
  const rank = (f: string) => (FAMILY_ORDER.includes(f) ? FAMILY_ORDER.indexOf(f) : FAMILY_ORDER.length);
  return [...byFamily.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((family) => ({ family, wildcard: `${family}.*`, types: byFamily.get(family)! }));
}

/**
 * The picker's state as patterns: a family with every type ticked is sent as its wildcard (so types the
 * family gains later are included too), otherwise the ticked types one by one.
 */
export function patternsFor(selected: ReadonlySet<string>, families: EventFamily[]): string[] {
  if (selected.has('*')) return ['*'];
  const patterns: string[] = [];
  for (const f of families) {
    if (selected.has(f.wildcard)) patterns.push(f.wildcard);
    else patterns.push(...f.types.filter((t) => selected.has(t)));
  }
  return patterns;
}

/** The label key of a pattern: `webhooks.events.types.<type>`, `webhooks.events.families.<family>` for a wildcard. */
export function patternLabelKey(pattern: string): string {
  if (pattern === '*') return 'webhooks.events.all';
  if (pattern.endsWith('.*')) return `webhooks.events.families.${pattern.slice(0, -2)}`;
  return `webhooks.events.types.${pattern}`;
}

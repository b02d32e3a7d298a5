/** How field keys are written in expressions. */

/** Words with a meaning of their own, in any case (AND, True); a field with such a key is written quoted. */
export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

const PLAIN_NAME = /^[\p{ID_Start}_][\p{ID_Continue}_\u200c\u200d]*$/u;

/**
 * A field key as an expression names it: as it is when it is a plain name (`unitPrice`, `數量`),
 * otherwise in backquotes (`` `unit price` ``, `` `item-no` ``, `` `and` ``).
 */
export function formatFieldName(key: string): string {
  if (PLAIN_NAME.test(key) && !KEYWORDS.has(key.toLowerCase())) return key;
  return `\`${key.replace(/[\\`]/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}\``;
}

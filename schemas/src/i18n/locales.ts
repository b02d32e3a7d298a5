/**
 * The two locales Formloom ships, and how a request's Accept-Language picks one.
 * English is the source language: form documents carry English text and a `ui:i18n` map for the rest.
 */
export const locales = ['en', 'zh-Hant'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

/** A UI string in every locale we ship. */
export type Localized = { [L in Locale]: string };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

// Regions that write Traditional Chinese; a bare `zh` or `zh-CN` does not, so it is not matched.
const TRADITIONAL_REGIONS = new Set(['hk', 'tw', 'mo']);

/** Which of our locales a single language tag asks for, or undefined if we do not ship it. */
function localeForTag(tag: string): Locale | undefined {
  if (tag === '*') return defaultLocale;
  const [language, second] = tag.toLowerCase().replace(/_/g, '-').split('-');
  if (language === 'en') return 'en';
  // The script subtag comes before the region, so `zh-Hans-HK` (simplified) is not Traditional.
  if (language === 'zh' && (second === 'hant' || TRADITIONAL_REGIONS.has(second ?? ''))) return 'zh-Hant';
  return undefined;
}

/** q as RFC 9110 §12.4.2 defines it; a malformed weight drops the entry rather than guessing. */
function parseWeight(params: string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=').map((s) => s.trim());
    if (name?.toLowerCase() !== 'q') continue;
    if (!value || !/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value)) return 0;
    return Number(value);
  }
  return 1;
}

/**
 * Picks the locale for an Accept-Language header: the highest-weighted tag we ship wins
 * (`zh-HK`, `zh-TW`, `zh-MO`, `zh-Hant*` → zh-Hant; `en*` → en); ties keep header order;
 * tags we do not ship are skipped, so `fr, zh-HK;q=0.8` gives zh-Hant. Nothing usable → en.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return defaultLocale;
  const candidates = acceptLanguage
    .split(',')
    .map((entry, index) => {
      const [tag = '', ...params] = entry.split(';').map((s) => s.trim());
      return { locale: localeForTag(tag), weight: parseWeight(params), index };
    })
    .filter((c) => c.locale !== undefined && c.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return candidates[0]?.locale ?? defaultLocale;
}

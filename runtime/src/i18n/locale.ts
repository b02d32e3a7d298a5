import { negotiateLocale, type Locale } from '@formloom/schemas';

export type { Locale };

export const STORAGE_KEY = 'formloom.locale';

/** The locales the UI offers, each named in its own language for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-Hant': '繁體中文' };

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'zh-Hant';

/**
 * The locale to start in: the one the person picked before (kept in localStorage), else the browser's
 * preferences negotiated by the same rule as the server's Accept-Language handling.
 */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): Locale {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    stored = null; // storage disabled (private mode, sandboxed iframe)
  }
  if (isLocale(stored)) return stored;
  return localeFromLanguages(languages);
}

/** navigator.languages, in preference order, mapped the way the server maps Accept-Language. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  return negotiateLocale(languages.join(','));
}

export function storeLocale(storage: Pick<Storage, 'setItem'> | null, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisting is fine: the switch still works for this visit.
  }
}

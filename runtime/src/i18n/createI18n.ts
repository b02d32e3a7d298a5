import i18next, { type i18n } from 'i18next';
import type { Locale } from './locale.ts';
import en from './en.json';
import zhHant from './zh-Hant.json';

export const resources = { en: { translation: en }, 'zh-Hant': { translation: zhHant } } as const;

type Messages = Record<string, unknown>;

/**
 * A fresh i18next instance (never the global one), handed to <I18nextProvider>. Synchronous: resources are bundled.
 * `extra` adds another app's strings (the designer's) next to the runtime's, which its form renderer needs.
 */
export function createI18n(locale: Locale, extra?: Record<Locale, Messages>): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: extra
      ? {
          en: { translation: { ...en, ...extra.en } },
          'zh-Hant': { translation: { ...zhHant, ...extra['zh-Hant'] } },
        }
      : resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-Hant'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

import i18next, { type i18n } from 'i18next';
import type { Locale } from './locale.ts';
import en from './en.json';
import zhHant from './zh-Hant.json';

export const resources = { en: { translation: en }, 'zh-Hant': { translation: zhHant } } as const;

/** A fresh i18next instance (never the global one), handed to <I18nextProvider>. Synchronous: resources are bundled. */
export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-Hant'],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { isLocale, storeLocale, type Locale } from './locale.ts';

interface LocaleValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleValue | null>(null);

/**
 * Owns the UI language: the i18next instance's language, <html lang>, and the remembered choice.
 * `storage` is injected (window.localStorage in the app, a stub or null in tests).
 */
export function LocaleProvider({ i18n, storage, children }: { i18n: i18n; storage: Pick<Storage, 'setItem'> | null; children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => (isLocale(i18n.language) ? i18n.language : 'en'));

  const setLocale = useCallback(
    (next: Locale) => {
      storeLocale(storage, next);
      void i18n.changeLanguage(next);
      setState(next);
    },
    [i18n, storage],
  );

  useEffect(() => {
    document.documentElement.lang = locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en';
  }, [locale]);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return (
    <I18nextProvider i18n={i18n}>
      <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>
    </I18nextProvider>
  );
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale() needs a <LocaleProvider> above it');
  return value;
}

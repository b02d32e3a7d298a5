import type { Locale } from '../i18n/locale.ts';

const intlLocale = (locale: Locale) => (locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK');

/** A signing time or a certificate date, in the UI language (date and minute). */
export function formatWhen(value: Date | string, locale: Locale): string {
  const at = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(at)) return String(value);
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A certificate's fingerprint in groups of two (AB:CD:…), shortened unless `full`. */
export function formatFingerprint(hex: string, full = false): string {
  const pairs = hex.toUpperCase().match(/.{1,2}/g) ?? [];
  return full ? pairs.join(':') : `${pairs.slice(0, 8).join(':')}…`;
}

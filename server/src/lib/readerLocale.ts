import { isLocale, negotiateLocale, type Locale, type User } from '@formloom/schemas';

/** The language a person reads in: their own setting, else what their browser asks for. */
export function readerLocale(user: Pick<User, 'locale'>, acceptLanguage?: string): Locale {
  return isLocale(user.locale) ? user.locale : negotiateLocale(acceptLanguage);
}

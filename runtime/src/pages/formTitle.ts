import { translationsFor } from '@formloom/schemas';
import type { Form } from '../api/types.ts';
import type { Locale } from '../i18n/locale.ts';

/** A form's name in the UI language: the published schema title's translation when there is one. */
export function formTitle(form: Form, locale: Locale): string {
  const version = form.published;
  if (!version) return form.name;
  if (locale !== 'en') {
    const translated = translationsFor(version.uiSchema, locale)['/schema/title'];
    if (translated) return translated;
  }
  return typeof version.schema.title === 'string' && version.schema.title ? version.schema.title : form.name;
}

import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '@formloom/runtime';

/** A refused command or a failed request in words, in the UI language when we have them. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError) return t('designer.errors.network');
  if (error instanceof ApiError) {
    if (error.status === 412) return t('designer.errors.version_conflict');
    // The server's reason names the field and what is wrong with it; it is only in English.
    if (error.status === 422) return t('designer.errors.refused', { message: error.message });
    const known = t(`designer.errors.${error.code}`, { defaultValue: '' });
    return known || error.message;
  }
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    const { code, message } = error as { code: string; message?: string };
    const known = t(`designer.errors.${code}`, { defaultValue: '' });
    return known || message || code;
  }
  return error instanceof Error ? error.message : t('designer.errors.unknown');
}

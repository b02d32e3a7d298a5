import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../../../api/errors.ts';

const KNOWN = new Set([
  'directory_not_configured',
  'directory_unavailable',
  'directory_bad_credentials',
  'directory_bad_base_dn',
  'directory_bad_filter',
  'directory_empty',
]);

/** An error from the directory-sync API in the page's language, with the server's English detail. */
export function describeError(t: TFunction, err: unknown): { message: string; detail?: string } {
  if (err instanceof ApiError) {
    if (KNOWN.has(err.code)) return { message: t(`directorySync.errors.${err.code}`), detail: err.message };
    if (err.status === 400) return { message: t('directorySync.errors.invalid'), detail: err.message };
    if (err.status === 403) return { message: t('directorySync.adminsOnly') };
  }
  if (err instanceof NetworkError) return { message: t('errors.network') };
  return { message: t('errors.generic') };
}

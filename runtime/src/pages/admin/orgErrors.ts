import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../../api/errors.ts';

/** Codes the organization routes answer with that the page words itself; others show the server's message. */
const KNOWN = new Set([
  'manager_cycle',
  'cannot_demote_self',
  'department_cycle',
  'department_name_taken',
  'user_disabled',
  'unknown_user',
  'unknown_department',
  'import_unknown_columns',
  'import_missing_columns',
  'import_unreadable',
  'import_too_many_rows',
  'file_too_large',
  'invalid_request',
  'import_has_errors',
]);

/** A failed save or upload in words a person can act on, in the UI language. */
export function orgErrorText(t: TFunction, error: unknown): string {
  if (error instanceof NetworkError) return t('admin.errors.network');
  if (error instanceof ApiError) {
    if (KNOWN.has(error.code)) return t(`admin.errors.${error.code}`, { message: error.message });
    if (error.status === 403) return t('admin.errors.forbidden');
    return t('admin.errors.other', { message: error.message });
  }
  return t('admin.errors.other', { message: String(error) });
}

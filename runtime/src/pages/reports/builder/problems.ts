import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../../../api/errors.ts';

/**
 * A refused request in words for the person: the server's own message says which field or setting is
 * wrong (it names them), led by a sentence in the UI language; a lost connection says so.
 */
export function problemText(error: unknown, t: TFunction): string {
  if (error instanceof NetworkError) return t('errors.network');
  if (error instanceof ApiError) {
    if (error.status === 404) return t('reportBuilder.problem.notFound');
    if (error.code === 'invalid_report' || error.code === 'validation_failed')
      return t('reportBuilder.problem.invalid', { message: error.message });
    return t('reportBuilder.problem.other', { message: error.message });
  }
  return error instanceof Error ? error.message : String(error);
}

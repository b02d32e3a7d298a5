import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from '../../api/errors.ts';

/** Kinds of refused file the server names in `details.detected` that have their own wording. */
const DETECTED_KINDS = new Set(['exe', 'elf', 'macho', 'zip', 'rar', '7z', 'script', 'html', 'binary', 'docm', 'xlsm', 'pptm', 'cfb']);

export function formatFileSize(bytes: number, locale?: string): string {
  const nf = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  if (bytes >= 1024 * 1024) return `${nf(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${nf(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Why an upload failed, in the UI language and in words a person can act on. */
export function uploadErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof NetworkError) return t('upload.network');
  if (!(err instanceof ApiError)) return t('upload.failed');
  const details = (typeof err.details === 'object' && err.details !== null ? err.details : {}) as Record<string, unknown>;
  switch (err.code) {
    case 'file_too_large':
      return typeof details.maxBytes === 'number'
        ? t('upload.tooLarge', { max: formatFileSize(details.maxBytes) })
        : t('upload.tooLargeNoLimit');
    case 'unsupported_file_type': {
      if (details.imagesOnly) return t('upload.imagesOnly');
      const detected = typeof details.detected === 'string' && DETECTED_KINDS.has(details.detected) ? details.detected : 'other';
      return t('upload.unsupported', { what: t(`upload.detected.${detected}`) });
    }
    case 'empty_file':
      return t('upload.empty');
    case 'unauthenticated':
      return t('upload.signedOut');
    default:
      return t('upload.failed');
  }
}

import type { TFunction } from 'i18next';
import type { OutboxRefusal } from './outboxTypes.ts';

const REFUSAL_KEYS: Record<string, string> = {
  validation_failed: 'offline.refusal.validation',
  form_not_found: 'offline.refusal.formGone',
  form_not_published: 'offline.refusal.notPublished',
  forbidden: 'offline.refusal.forbidden',
  payload_too_large: 'offline.refusal.tooLarge',
  unsupported_media_type: 'offline.refusal.fileType',
  local_file_missing: 'offline.refusal.fileMissing',
};

/** Why the server refused an entry, in the UI language; the server's own message for reasons we have no words for. */
export function refusalText(t: TFunction, refusal: OutboxRefusal): string {
  if (refusal.code === 'insufficient_stock') {
    const { onHand, requested } = refusal.facts ?? {};
    return typeof onHand === 'number' && typeof requested === 'number'
      ? t('offline.refusal.insufficientStock', { onHand, requested })
      : t('offline.refusal.insufficientStockUnknown');
  }
  const key = REFUSAL_KEYS[refusal.code];
  return key ? t(key) : t('offline.refusal.other', { message: refusal.message, status: refusal.status });
}

/** Why the last attempt did not get through, for a waiting entry. */
export function failureText(t: TFunction, reason: string): string {
  if (reason === 'network') return t('offline.failure.network');
  if (reason === 'too_many_attempts' || reason === 'http_429') return t('offline.failure.busy');
  return t('offline.failure.server', { code: reason });
}

import { useTranslation } from 'react-i18next';
import { isApiError, NetworkError } from '../../api/errors.ts';

/** Codes the import answers with, worded in the UI language; the server's own sentence follows as detail. */
const KNOWN_CODES = new Set([
  'file_too_large',
  'import_unreadable',
  'invalid_mapping',
  'invalid_key_field',
  'import_already_committed',
  'form_not_published',
  'forbidden',
  'form_not_found',
  'import_not_found',
]);

/** A failed step's reason, with the server's explanation (why a file cannot be read, say) underneath. */
export function StepError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  let title = t('errors.generic');
  let detail: string | null = null;
  if (error instanceof NetworkError) title = t('errors.network');
  else if (isApiError(error)) {
    if (KNOWN_CODES.has(error.code)) title = t(`import.codes.${error.code}`);
    detail = error.message;
  }
  return (
    <div className="fl-alert fl-alert--error fl-import-alert" role="alert">
      <strong>{title}</strong>
      {detail && <p lang="en">{detail}</p>}
    </div>
  );
}

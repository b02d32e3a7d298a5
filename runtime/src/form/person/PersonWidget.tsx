import type { WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import type { ApiClient } from '../../api/client.ts';
import { UserCombobox } from '../../components/pickers/UserPicker.tsx';

/** The API client when the form is shown inside the app; null in a static preview without a server. */
function useOptionalApi(): ApiClient | null {
  try {
    return useApi();
  } catch {
    return null;
  }
}

/**
 * The person field's rjsf widget: the directory's UserPicker search box, labelled by rjsf's own
 * <label for>. The value is the person's user id; clearing leaves the field empty (undefined, so
 * `required` applies). Without a server (a static preview) the field shows as a disabled box.
 */
export function PersonWidget({ id, value, onChange, onBlur, required, disabled, readonly, rawErrors }: WidgetProps) {
  const { t } = useTranslation();
  const api = useOptionalApi();
  if (!api || typeof (api as { request?: unknown }).request !== 'function') {
    return (
      <input
        id={id}
        className="form-control"
        value={typeof value === 'string' ? value : ''}
        placeholder={t('person.previewOnly')}
        disabled
        readOnly
      />
    );
  }
  return (
    <UserCombobox
      inputId={id}
      value={typeof value === 'string' && value ? value : null}
      onChange={(picked) => onChange(picked ?? undefined)}
      onBlur={() => onBlur(id, value)}
      required={required}
      disabled={disabled || readonly}
      invalid={Boolean(rawErrors?.length)}
    />
  );
}

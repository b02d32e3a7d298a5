import { useTranslation } from 'react-i18next';

export interface Ref {
  value: string;
  name?: string;
}

/**
 * A select of records in the external system (vendors, accounts, items, locations). Stores `{value, name}`;
 * a saved one the list no longer has (deleted or inactive there) stays visible under its saved name.
 */
export function RefPicker({
  id,
  label,
  options,
  value,
  onChange,
  optional = false,
  loading = false,
  error,
  hint,
}: {
  id: string;
  label: string;
  options: { id: string; name: string }[];
  value: Ref | undefined;
  onChange: (value: Ref | undefined) => void;
  optional?: boolean;
  loading?: boolean;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const { t } = useTranslation();
  const known = options.some((o) => o.id === value?.value);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="fl-field">
      <label className="fl-label" htmlFor={id}>
        {label}
        {!optional && (
          <span className="fl-required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <select
        id={id}
        className="fl-input"
        value={value?.value ?? ''}
        disabled={loading}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const picked = options.find((o) => o.id === e.target.value);
          onChange(picked ? { value: picked.id, name: picked.name } : undefined);
        }}
      >
        <option value="">{loading ? t('common.loading') : optional ? t('connectors.fields.none') : t('connectors.fields.choose')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
        {value && !known && <option value={value.value}>{t('connectors.fields.gone', { name: value.name ?? value.value })}</option>}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="fl-help">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="fl-int-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

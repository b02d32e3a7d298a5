import { useTranslation } from 'react-i18next';
import type { FieldKind, FormField } from './formFields.ts';

/**
 * A select of a form's fields that fit a mapping slot (by kind), titled in the UI language with the
 * stored name beside it. A saved name the form no longer has stays visible (marked) rather than vanish.
 */
export function FieldPicker({
  id,
  label,
  fields,
  kinds,
  value,
  onChange,
  optional = false,
  hint,
  error,
  storedAs = (f) => f.name,
}: {
  id: string;
  label: string;
  fields: FormField[];
  kinds: readonly FieldKind[];
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  optional?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
  /** What the mapping stores for a field: its name by default, a dotted path for fields in sections. */
  storedAs?: (field: FormField) => string;
}) {
  const { t } = useTranslation();
  const fitting = fields.filter((f) => kinds.includes(f.kind));
  const known = fitting.some((f) => storedAs(f) === value);
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
        value={value ?? ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{optional ? t('connectors.fields.none') : t('connectors.fields.choose')}</option>
        {fitting.map((f) => (
          <option key={storedAs(f)} value={storedAs(f)}>
            {f.title === f.name ? f.name : `${f.title} (${storedAs(f)})`}
          </option>
        ))}
        {value && !known && <option value={value}>{t('connectors.fields.missing', { name: value })}</option>}
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

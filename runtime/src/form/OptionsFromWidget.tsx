import { useEffect, useId, useMemo, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { LinkableRecord } from '../api/types.ts';
import { optionsFromRecordKey } from './linkedFill.ts';
import type { FormContext } from './widgets.tsx';

const SEARCH_DELAY_MS = 250;
/** The most records one lookup returns; a list this long may have more, so a search box is shown. */
export const OPTIONS_FROM_LIMIT = 50;

/** `ui:options.optionsFrom` of a choice field: `{form, field}`, or null while it is not set. */
export function optionsSource(options: Record<string, unknown> | undefined): { form: string; field: string } | null {
  const source = options?.optionsFrom;
  if (typeof source !== 'object' || source === null) return null;
  const { form, field } = source as Record<string, unknown>;
  return typeof form === 'string' && form && typeof field === 'string' && field ? { form, field } : null;
}

/** The distinct non-empty labels, in the order of the records (newest first). */
const distinctLabels = (labels: (string | null)[]) => [...new Set(labels.filter((l): l is string => !!l))];

/**
 * A single choice whose options are the distinct values of one field across another form's records
 * (a department's name). The value is that text; the server checks it against the records the
 * submitter may see. With OPTIONS_FROM_LIMIT records or more, a search box narrows the list.
 * With `ui:options.fill`, the record holding the chosen value goes to the renderer so the fields
 * it fills show its values at once (linkedFill.ts), as a relation's picked record does.
 */
export function OptionsFromWidget({ id, value, onChange, options, disabled, readonly, required, label, registry }: WidgetProps) {
  const { t } = useTranslation();
  const ctx = registry.formContext as FormContext | undefined;
  const source = optionsSource(options);
  const lookup = ctx?.records && source ? ctx.records : null;
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [choices, setChoices] = useState<string[] | null>(null);
  // The records listed, so a choice can hand its record over for `ui:options.fill` (newest first).
  const [listed, setListed] = useState<LinkableRecord[]>([]);
  const [many, setMany] = useState(false);
  const form = source?.form;
  const field = source?.field;

  useEffect(() => {
    if (!lookup || !form || !field) return;
    let live = true;
    const q = query.trim() || undefined;
    const timer = setTimeout(
      () => {
        lookup(form, { display: field, limit: OPTIONS_FROM_LIMIT, q }).then(
          (records) => {
            if (!live) return;
            if (!q && records.length >= OPTIONS_FROM_LIMIT) setMany(true);
            setChoices(distinctLabels(records.map((r) => r.label)));
            setListed(records);
          },
          () => live && setChoices([]),
        );
      },
      q ? SEARCH_DELAY_MS : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lookup, form, field, query]);

  const current = typeof value === 'string' ? value : '';
  // A value chosen before (a draft) or outside the current search stays selectable.
  const shown = useMemo(
    () => (current && choices && !choices.includes(current) ? [current, ...choices] : (choices ?? [])),
    [current, choices],
  );

  if (!lookup) {
    return <input id={id} className="form-control" value={current} disabled title={t('form.optionsFromUnavailable')} readOnly />;
  }
  return (
    <div className="fl-options-from">
      {many && (
        <input
          id={searchId}
          type="search"
          className="form-control"
          aria-label={t('form.optionsFromSearch', { field: label })}
          placeholder={t('form.relationPlaceholder')}
          value={query}
          disabled={disabled || readonly}
          onChange={(e) => setQuery(e.target.value)}
        />
      )}
      <select
        id={id}
        className="form-control"
        aria-label={label}
        value={current}
        required={required}
        disabled={disabled || readonly}
        onChange={(e) => {
          const chosen = e.target.value;
          const record = source && chosen ? listed.find((r) => r.label === chosen) : undefined;
          if (source && record) ctx?.rememberRecord?.(record, optionsFromRecordKey(source, chosen));
          onChange(chosen === '' ? undefined : chosen);
        }}
      >
        <option value="">
          {choices === null ? t('form.optionsFromLoading') : shown.length ? t('form.choose') : t('form.optionsFromNone')}
        </option>
        {shown.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    </div>
  );
}

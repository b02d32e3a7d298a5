import { useEffect, useId, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { LinkableRecord } from '../api/types.ts';
import type { FormContext } from './widgets.tsx';

const SEARCH_DELAY_MS = 250;
const RESULTS = 20;

/**
 * A relation field: search the target form's records by their display field and pick one. The value
 * is the record's id; the picked record goes to the renderer so the fields the relation fills
 * (`ui:options.fill`) show the linked values at once. The server checks the link again on submit.
 */
export function RelationWidget({ id, value, onChange, options, disabled, readonly, label, registry }: WidgetProps) {
  const { t } = useTranslation();
  const ctx = registry.formContext as FormContext | undefined;
  const formId = typeof options.form === 'string' ? options.form : null;
  const display = typeof options.displayField === 'string' ? options.displayField : undefined;
  const lookup = ctx?.records && formId ? ctx.records : null;
  const listId = useId();
  const [chosen, setChosen] = useState<LinkableRecord | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LinkableRecord[] | null>(null);

  // The label of a value that came from elsewhere (a draft, a server answer).
  useEffect(() => {
    if (!lookup || !formId || typeof value !== 'string' || !value || chosen?.id === value) return;
    let live = true;
    lookup(formId, { ids: [value], display }).then(
      (found) => live && setChosen(found[0] ?? { id: value, label: value, data: {} }),
      () => live && setChosen({ id: value, label: value, data: {} }),
    );
    return () => {
      live = false;
    };
  }, [lookup, formId, display, value, chosen?.id]);

  useEffect(() => {
    if (!lookup || !formId || (typeof value === 'string' && value)) return;
    let live = true;
    const timer = setTimeout(() => {
      lookup(formId, { q: query.trim() || undefined, display, limit: RESULTS }).then(
        (items) => live && setResults(items),
        () => live && setResults([]),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lookup, formId, display, query, value]);

  if (!lookup) {
    return (
      <input
        id={id}
        className="form-control"
        value={typeof value === 'string' ? value : ''}
        disabled
        title={t('form.relationUnavailable')}
        readOnly
      />
    );
  }
  if (typeof value === 'string' && value) {
    return (
      <div className="fl-relation fl-relation--chosen">
        <span id={id} className="fl-relation__label">
          {chosen?.id === value ? chosen.label : '…'}
        </span>
        {!disabled && !readonly && (
          <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onChange(undefined)}>
            {t('form.relationChange')}
          </button>
        )}
      </div>
    );
  }
  const pick = (record: LinkableRecord) => {
    ctx?.rememberRecord?.(record);
    setChosen(record);
    setQuery('');
    onChange(record.id);
  };
  return (
    <div className="fl-relation">
      <input
        id={id}
        type="search"
        className="form-control"
        aria-label={t('form.relationSearch', { field: label })}
        aria-controls={listId}
        placeholder={t('form.relationPlaceholder')}
        value={query}
        disabled={disabled || readonly}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul id={listId} className="fl-relation__results" aria-label={label} aria-live="polite">
        {results === null ? (
          <li className="fl-muted">{t('form.relationSearching')}</li>
        ) : results.length === 0 ? (
          <li className="fl-muted">{t('form.relationNone')}</li>
        ) : (
          results.map((record) => (
            <li key={record.id}>
              <button type="button" className="fl-relation__option" onClick={() => pick(record)} disabled={disabled || readonly}>
                {record.label || record.id}
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

import { useCallback, useEffect, useId, useState } from 'react';
import type { WidgetProps } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { LinkableRecord } from '../api/types.ts';
import type { FormContext } from './widgets.tsx';
import { RECORD_LOOKUP_LIMITS } from '@formloom/schemas';
import { CameraScanner, displayCode, PageScanToggle, usePageScanTarget, useWedgeScanner, type ScanEvent } from '../scan/index.ts';

const SEARCH_DELAY_MS = 250;
const RESULTS = 20;

type ScanNote = { kind: 'info' | 'error'; text: string } | null;

/**
 * A relation field: search the target form's records by their display field and pick one. The value
 * is the record's id; the picked record goes to the renderer so the fields the relation fills
 * (`ui:options.fill`) show the linked values at once. The server checks the link again on submit.
 * A scan (the camera button, a handheld scanner typing into the search box, or page-wide scan mode)
 * picks the record whose barcode field holds the code; `ui:options.scan: false` turns that off.
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
  const [scanNote, setScanNote] = useState<ScanNote>(null);
  // Records sharing a scanned barcode, listed until the person types a search of their own.
  const [scanMatches, setScanMatches] = useState<LinkableRecord[] | null>(null);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [wrapper, setWrapper] = useState<HTMLDivElement | null>(null);
  // State, not a ref: the search box is a new element each time the picker reopens, and the scanner must follow it.
  const [searchBox, setSearchBox] = useState<HTMLInputElement | null>(null);
  const scans = Boolean(lookup) && options.scan !== false && !disabled && !readonly;

  const pick = useCallback(
    (record: LinkableRecord) => {
      ctx?.rememberRecord?.(record);
      setChosen(record);
      setQuery('');
      onChange(record.id);
    },
    [ctx, onChange],
  );

  /** Finds the record a scanned code belongs to: one match is picked, several are listed, none is said. */
  const findScanned = useCallback(
    async (event: ScanEvent) => {
      if (!lookup || !formId) return;
      const code = event.code;
      // Longer than any barcode a record can be looked up by (a QR code holding a web page, say).
      if (code.trim().length > RECORD_LOOKUP_LIMITS.maxQuery || !code.trim()) {
        setScanNote({ kind: 'error', text: t('scan.relationNotFound', { code: displayCode(event) }) });
        return;
      }
      setScanNote({ kind: 'info', text: t('scan.relationLooking', { code: displayCode(event) }) });
      let found: LinkableRecord[];
      try {
        found = await lookup(formId, { scan: code, display, limit: RESULTS });
      } catch {
        setScanNote({ kind: 'error', text: t('scan.relationLookupFailed', { code: displayCode(event) }) });
        return;
      }
      if (found.length === 1) {
        pick(found[0]);
        setScanNote({ kind: 'info', text: t('scan.scanned', { code: found[0].label || code }) });
      } else if (found.length === 0) {
        setScanNote({ kind: 'error', text: t('scan.relationNotFound', { code: displayCode(event) }) });
      } else {
        onChange(undefined);
        setScanMatches(found);
        setScanNote({ kind: 'info', text: t('scan.relationSeveral', { code: displayCode(event), count: found.length }) });
      }
    },
    [lookup, formId, display, pick, onChange, t],
  );
  useWedgeScanner({ onScan: findScanned, enabled: scans, target: searchBox });
  const primary = usePageScanTarget(wrapper, findScanned, scans);

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
  const listed = scanMatches ?? results;
  const scanExtras = (
    <>
      {primary && <PageScanToggle />}
      {scanNote && (
        <p
          className={`fl-barcode__note ${scanNote.kind === 'error' ? 'fl-barcode__note--error' : ''}`}
          role="status"
          data-testid="relation-scan-note"
        >
          {scanNote.text}
        </p>
      )}
      {cameraOpen && <CameraScanner onScan={(event) => void findScanned(event)} onClose={() => setCameraOpen(false)} />}
    </>
  );
  const scanButton = scans && (
    <button
      type="button"
      className="fl-btn fl-btn--secondary fl-scan-btn"
      aria-label={t('scan.relationScanLabel', { field: label })}
      onClick={() => setCameraOpen(true)}
    >
      <span aria-hidden="true">▦ </span>
      {t('scan.scanButton')}
    </button>
  );
  if (typeof value === 'string' && value) {
    return (
      <div ref={setWrapper}>
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
        {scanExtras}
      </div>
    );
  }
  return (
    <div className="fl-relation" ref={setWrapper}>
      <div className="fl-barcode__row">
        <input
          ref={setSearchBox}
          id={id}
          type="search"
          className="form-control"
          aria-label={t('form.relationSearch', { field: label })}
          aria-controls={listId}
          placeholder={t('form.relationPlaceholder')}
          value={query}
          disabled={disabled || readonly}
          onChange={(e) => {
            setScanMatches(null);
            setQuery(e.target.value);
          }}
        />
        {scanButton}
      </div>
      {scanExtras}
      <ul id={listId} className="fl-relation__results" aria-label={label} aria-live="polite">
        {listed === null ? (
          <li className="fl-muted">{t('form.relationSearching')}</li>
        ) : listed.length === 0 ? (
          <li className="fl-muted">{t('form.relationNone')}</li>
        ) : (
          listed.map((record) => (
            <li key={record.id}>
              <button
                type="button"
                className="fl-relation__option"
                onClick={() => {
                  setScanNote(null);
                  pick(record);
                }}
                disabled={disabled || readonly}
              >
                {record.label || record.id}
              </button>
            </li>
          ))
        )}
      </ul>
    </div>
  );
}

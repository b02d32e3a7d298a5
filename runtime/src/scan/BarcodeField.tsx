/**
 * The barcode field: type the code, scan it with the camera, or scan it with a handheld
 * (keyboard-wedge) scanner into the field or, in page-wide scan mode, from anywhere on the page.
 * A field rather than a widget, because a GS1 scan also fills the fields beside it
 * (`ui:options.gs1`) and a repeat may count up another one (`duplicates: 'count'`).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldPathList, FieldProps, RJSFSchema } from '@rjsf/utils';
import { ariaDescribedByIds, getUiOptions } from '@rjsf/utils';
import { parseGs1 } from '@formloom/schemas';
import { barcodeOptions, valuesForScan } from './barcodeOptions.ts';
import { CameraScanner } from './CameraScanner.tsx';
import { CAMERA_SAME_SHOWING_MS, createDuplicateGuard } from './duplicateGuard.ts';
import { usePageScanTarget } from './pageScan.ts';
import { PageScanToggle } from './PageScanToggle.tsx';
import { displayCode, toScanEvent } from './scanEvent.ts';
import type { ScanEvent } from './types.ts';
import { useWedgeScanner } from './useWedgeScanner.ts';

type Note = { kind: 'info' | 'error'; text: string } | null;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema of the field `key` beside the field at `parentPath`. */
function siblingSchema(root: RJSFSchema, parentPath: FieldPathList, key: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const step of parentPath)
    node = isObject(node) ? (typeof step === 'number' ? node.items : (node.properties as never)?.[step]) : undefined;
  const properties = isObject(node) && isObject(node.properties) ? node.properties : undefined;
  return properties && isObject(properties[key]) ? properties[key] : undefined;
}

/** A value shaped for the field it goes into: a count into a text field is text, a batch into a number field is left out. */
function fitTo(schema: Record<string, unknown> | undefined, value: string | number): string | number | undefined {
  const types = schema ? [schema.type].flat() : [];
  if (types.includes('number') || types.includes('integer'))
    return typeof value === 'number' ? value : Number.isFinite(Number(value)) ? Number(value) : undefined;
  return String(value);
}

export function BarcodeField(props: FieldProps) {
  const { t } = useTranslation();
  const { fieldPathId, formData, onChange, schema, uiSchema, name, required, disabled, readonly, autofocus, registry, rawErrors } = props;
  const id = fieldPathId.$id;
  const path = fieldPathId.path;
  const parentPath = useMemo(() => path.slice(0, -1), [path]);
  const rawOptions = getUiOptions(uiSchema, registry.globalUiOptions);
  const options = useMemo(() => barcodeOptions(rawOptions as Record<string, unknown>, String(path.at(-1))), [rawOptions, path]);
  const locked = Boolean(disabled || readonly);
  const title = (typeof rawOptions.title === 'string' && rawOptions.title) || schema.title || name;
  const value = typeof formData === 'string' ? formData : '';

  const inputRef = useRef<HTMLInputElement>(null);
  const [wrapper, setWrapper] = useState<HTMLDivElement | null>(null);
  const [cameraOpen, setCameraOpen] = useState(false);
  const [note, setNote] = useState<Note>(null);
  const count = useRef(0);
  const lastScan = useRef<string | null>(null);
  const guards = useMemo(
    () => ({
      camera: createDuplicateGuard(options.duplicateWindowMs, options.duplicates, { sameShowingMs: CAMERA_SAME_SHOWING_MS }),
      wedge: createDuplicateGuard(options.duplicateWindowMs, options.duplicates),
    }),
    [options.duplicateWindowMs, options.duplicates],
  );

  const labelOf = useCallback(
    (key: string) => {
      const sibling = siblingSchema(registry.rootSchema, parentPath, key);
      return typeof sibling?.title === 'string' ? sibling.title : key;
    },
    [registry.rootSchema, parentPath],
  );
  const writeSibling = useCallback(
    (key: string, raw: string | number) => {
      const fitted = fitTo(siblingSchema(registry.rootSchema, parentPath, key), raw);
      if (fitted !== undefined) onChange(fitted, [...parentPath, key]);
      return fitted !== undefined;
    },
    [onChange, parentPath, registry.rootSchema],
  );

  /** Writes a scan into the form; false when the duplicate guard ignored it. */
  const take = useCallback(
    (event: ScanEvent): boolean => {
      if (locked) return false;
      const { value: own, siblings } = valuesForScan(event, options);
      const countField = options.countField;
      let verdict = event.source === 'manual' ? 'new' : guards[event.source].check(event.code);
      // A repeat counts only where there is a field to count in, and only for the code the field holds.
      if (verdict === 'count' && !countField) verdict = 'ignore';
      if (verdict === 'count' && lastScan.current !== own) verdict = 'new';
      if (verdict === 'ignore') {
        setNote({ kind: 'info', text: t('scan.duplicateIgnored', { code: displayCode(event) }) });
        return false;
      }
      lastScan.current = own;
      onChange(own, path);
      if (verdict === 'count' && countField) {
        count.current += 1;
        writeSibling(countField, count.current);
        setNote({ kind: 'info', text: t('scan.duplicateCounted', { code: displayCode(event), count: count.current }) });
        return true;
      }
      const written = siblings.filter((write) => writeSibling(write.key, write.value));
      // Counting starts at one (or at the label's own count, AI 30); a form that only maps the GS1 count keeps a typed quantity.
      if (options.duplicates === 'count' && countField) {
        count.current = event.gs1?.count ?? 1;
        if (!written.some((write) => write.key === countField)) writeSibling(countField, count.current);
      }
      const filled = written.map((write) => labelOf(write.key));
      const gs1 = parseGs1(event.code);
      if (gs1 && !gs1.ok) setNote({ kind: 'error', text: t(`scan.gs1.${gs1.error.code}`) });
      else if (filled.length) setNote({ kind: 'info', text: t('scan.gs1Filled', { fields: filled.join(', ') }) });
      else setNote(event.source === 'manual' ? null : { kind: 'info', text: t('scan.scanned', { code: own }) });
      return true;
    },
    [locked, guards, options, onChange, path, writeSibling, labelOf, t],
  );

  useWedgeScanner({ onScan: take, enabled: !locked, target: inputRef });
  const primary = usePageScanTarget(wrapper, take, !locked);

  return (
    <div className="fl-barcode" ref={setWrapper}>
      <label className="control-label fl-barcode__label" htmlFor={id}>
        {title}
        {required && <span className="required">*</span>}
      </label>
      <div className="fl-barcode__row">
        <input
          ref={inputRef}
          id={id}
          name={fieldPathId.name ?? id}
          className="form-control"
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="done"
          value={value}
          required={required}
          disabled={disabled}
          readOnly={readonly}
          autoFocus={autofocus}
          aria-invalid={rawErrors?.length ? true : undefined}
          aria-describedby={ariaDescribedByIds(id)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value, path)}
          onBlur={(e) => {
            // A GS1 string typed or pasted in by hand ("(01)…(17)…") fills the mapped fields too.
            const typed = e.target.value;
            if (Object.keys(options.gs1).length && parseGs1(typed)?.ok) take(toScanEvent(typed, 'manual'));
            props.onBlur(id, typed);
          }}
          onFocus={(e) => props.onFocus(id, e.target.value)}
        />
        {!locked && (
          <button
            type="button"
            className="fl-btn fl-btn--secondary fl-scan-btn"
            aria-label={t('scan.scanWithCamera', { field: title })}
            onClick={() => setCameraOpen(true)}
          >
            <span aria-hidden="true">▦ </span>
            {t('scan.scanButton')}
          </button>
        )}
      </div>
      {primary && <PageScanToggle className="fl-barcode__mode" />}
      {note && (
        <p
          className={`fl-barcode__note ${note.kind === 'error' ? 'fl-barcode__note--error' : ''}`}
          role="status"
          data-testid="barcode-note"
        >
          {note.text}
        </p>
      )}
      {cameraOpen && (
        <CameraScanner
          continuous={options.continuous}
          onScan={take}
          onClose={() => {
            setCameraOpen(false);
            inputRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}

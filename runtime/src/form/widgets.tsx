// Widgets and fields for Formloom field types that rjsf's core theme has no good control for.
// Which field type uses which is decided in fieldTypeRendering.ts.
import { OptionsFromWidget } from './OptionsFromWidget.tsx';
import { RelationWidget } from './RelationWidget.tsx';
import { LocationField } from './location/LocationField.tsx';
import type { LinkableRecord, RecordQuery } from '../api/types.ts';
import { useEffect, useRef, useState, type ChangeEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { ariaDescribedByIds } from '@rjsf/utils';
import type { Locale } from '../i18n/locale.ts';

/** Passed as rjsf's formContext: what widgets need to know about where they are shown. */
export interface FormContext {
  locale: Locale;
  /** The whole form's current data, for show/hide rules that read other fields. */
  formData?: Record<string, unknown>;
  /** Looks up records for relation fields and choices from another form; absent where there is no server (a static preview). */
  records?: (formId: string, query: RecordQuery) => Promise<LinkableRecord[]>;
  /** A relation widget hands over the record it picked, so linked fields fill in at once. */
  rememberRecord?: (record: LinkableRecord, key?: string) => void;
}

const intlLocale = (locale: Locale | undefined) => (locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK');
const localeOf = (registry: WidgetProps['registry']) => (registry.formContext as FormContext | undefined)?.locale;

export function formatMoney(value: number, locale: Locale | undefined, currency = 'HKD'): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency }).format(value);
}

/** An amount with its currency shown; the keyboard on phones is the decimal pad. */
function MoneyWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, autofocus, placeholder, onChange, onBlur, onFocus, options, schema, rawErrors } = props;
  const currency = typeof options.currency === 'string' ? options.currency : 'HKD';
  const symbol = currency === 'HKD' ? 'HK$' : currency;
  const handle = (e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value === '' ? options.emptyValue : Number(e.target.value));
  return (
    <div className="fl-affix">
      <span className="fl-affix__text" aria-hidden="true">
        {symbol}
      </span>
      <input
        id={id}
        name={props.htmlName ?? id}
        className="form-control"
        type="number"
        inputMode="decimal"
        step={typeof schema.multipleOf === 'number' ? schema.multipleOf : 0.01}
        min={typeof schema.minimum === 'number' ? schema.minimum : undefined}
        max={typeof schema.maximum === 'number' ? schema.maximum : undefined}
        value={value ?? ''}
        required={required}
        disabled={disabled}
        readOnly={readonly}
        autoFocus={autofocus}
        placeholder={placeholder}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={handle}
        onBlur={(e) => onBlur(id, e.target.value)}
        onFocus={(e) => onFocus(id, e.target.value)}
      />
    </div>
  );
}

/** A value worked out by applyCalculations: shown, never typed. */
function CalculatedWidget({ id, value, options, schema, registry }: WidgetProps) {
  const locale = localeOf(registry);
  const money = typeof options.currency === 'string' || schema.multipleOf === 0.01;
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  const text = money
    ? formatMoney(n, locale, typeof options.currency === 'string' ? options.currency : 'HKD')
    : new Intl.NumberFormat(intlLocale(locale)).format(n);
  return (
    <output id={id} className="fl-calculated" aria-live="polite">
      {text}
    </output>
  );
}

/** A finger or mouse signature, stored as a PNG data URL. */
function SignatureWidget({ id, value, disabled, readonly, onChange }: WidgetProps) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(!value);
  const locked = disabled || readonly;

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2;
    ctx.lineCap = 'round';
    ctx.strokeStyle = '#1b2230';
    if (typeof value === 'string' && value.startsWith('data:image/')) {
      const img = new Image();
      img.onload = () => ctx.drawImage(img, 0, 0, canvas.offsetWidth, canvas.offsetHeight);
      img.src = value;
    }
    // Drawn once; later strokes are the canvas's own state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const start = (e: PointerEvent<HTMLCanvasElement>) => {
    if (locked) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    ctx.beginPath();
    ctx.moveTo(...point(e));
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    ctx?.lineTo(...point(e));
    ctx?.stroke();
  };
  const end = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current = false;
    setEmpty(false);
    onChange(e.currentTarget.toDataURL('image/png'));
  };
  const clear = () => {
    const canvas = canvasRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    setEmpty(true);
    onChange(undefined);
  };

  return (
    <div className="fl-signature">
      <canvas
        id={id}
        ref={canvasRef}
        className="fl-signature__pad"
        role="img"
        aria-label={t('form.signaturePad')}
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      />
      <div className="fl-signature__bar">
        <span>{empty ? t('form.signAbove') : ''}</span>
        {!locked && (
          <button type="button" className="fl-btn fl-btn--ghost" onClick={clear} disabled={empty}>
            {t('form.clearSignature')}
          </button>
        )}
      </div>
    </div>
  );
}

/** Headings and guidance text between fields; stores nothing. */
function StaticField({ schema, uiSchema }: FieldProps) {
  const variant = (uiSchema?.['ui:options'] as { variant?: string } | undefined)?.variant ?? 'heading';
  return (
    <div className={`fl-static fl-static--${variant}`}>
      {schema.title && (variant === 'heading' ? <h3>{schema.title}</h3> : <p>{schema.title}</p>)}
      {schema.description && <p className="fl-static__text">{schema.description}</p>}
    </div>
  );
}

export const formloomWidgets: RegistryWidgetsType = {
  relation: RelationWidget,
  optionsFrom: OptionsFromWidget,
  money: MoneyWidget,
  calculated: CalculatedWidget,
  signature: SignatureWidget,
};

export const formloomFields: RegistryFieldsType = {
  static: StaticField,
  location: LocationField,
};

// Widgets and fields for Formloom field types that rjsf's core theme has no good control for.
// Which field type uses which is decided in fieldTypeRendering.ts.
import { OptionsFromWidget } from './OptionsFromWidget.tsx';
import { RelationWidget } from './RelationWidget.tsx';
import { BarcodeField } from '../scan/BarcodeField.tsx';
import { FileWidget } from './upload/FileWidget.tsx';
import { PhotoWidget } from './upload/PhotoWidget.tsx';
import { SignatureWidget } from './upload/SignatureWidget.tsx';
import type { FileApi } from '../api/files.ts';
import { LocationField } from './location/LocationField.tsx';
import { SubtableField } from './subtable/SubtableField.tsx';
import type { LinkableRecord, RecordQuery } from '../api/types.ts';
import { type ChangeEvent } from 'react';
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
  /** Stores a photo, attachment or signature; the field's value becomes the returned id. Absent where there is no server. */
  uploadFile?: FileApi['uploadFile'];
  /** A stored file's name, size, uploader and time (thumbnails, "Signed by …"). */
  fileInfo?: FileApi['fileInfo'];
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
  photo: PhotoWidget,
  fileUpload: FileWidget,
};

export const formloomFields: RegistryFieldsType = {
  static: StaticField,
  barcode: BarcodeField,
  location: LocationField,
  subtable: SubtableField,
};

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { PersonValue } from '../../form/person/PersonValue.tsx';
import { formatterFor, intlLocale, isObject, orderedKeys } from '../submissionColumns.ts';
import { FileValue } from '../../form/upload/FileValue.tsx';
import { DataUrlValue } from './DataUrlValue.tsx';
import { SignatureValue } from '../../signatures/SignatureValue.tsx';
import { isSignatureValue } from '../../signatures/signedData.ts';

type JsonObject = Record<string, unknown>;

const MEDIA = new Set(['photo', 'file', 'signature']);
const fieldTypeOf = (ui: JsonObject) => (typeof ui['ui:fieldType'] === 'string' ? ui['ui:fieldType'] : undefined);
const titleOf = (schema: JsonObject, key: string) => (typeof schema.title === 'string' && schema.title ? schema.title : key);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Every value of a submission, each the way its field type reads best: sections as groups, sub-tables
 * as tables, photos and signatures as pictures, choices by label, money and dates in the UI language.
 * `schema`/`uiSchema` are already localized.
 */
export function RecordValues({
  schema,
  uiSchema,
  data,
  marks,
}: {
  schema: JsonObject;
  uiSchema: JsonObject;
  data: JsonObject;
  /** Words to show beside a value a check marked (outside the fence), by top-level key. */
  marks?: Map<string, string>;
}) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  return (
    <dl className="fl-values">
      {orderedKeys(schema, uiSchema).map((key) => {
        const prop = properties[key] as JsonObject;
        const ui = isObject(uiSchema[key]) ? uiSchema[key] : {};
        const grouped = isGroup(prop, ui) || isTable(prop);
        return (
          <div key={key} className={`fl-values__item${grouped ? ' fl-values__item--wide' : ''}`} data-field={key}>
            <dt>{titleOf(prop, key)}</dt>
            <dd>
              <FieldValue schema={prop} ui={ui} value={data[key]} />
              {marks?.has(key) && (
                <span className="fl-values__mark">
                  <span aria-hidden="true">⚠</span> {marks.get(key)}
                </span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

const isGroup = (schema: JsonObject, ui: JsonObject) =>
  schema.type === 'object' && isObject(schema.properties) && fieldTypeOf(ui) !== 'location';
const isTable = (schema: JsonObject) => schema.type === 'array' && isObject(schema.items) && isObject(schema.items.properties);

/** One value, by its field type. */
export function FieldValue({ schema, ui, value }: { schema: JsonObject; ui: JsonObject; value: unknown }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (isEmpty(value)) return <span className="fl-values__empty">—</span>;
  const fieldType = fieldTypeOf(ui);
  if (fieldType && MEDIA.has(fieldType) && typeof value === 'string') {
    const type = fieldType as 'photo' | 'file' | 'signature';
    const shown = value.startsWith('data:') ? <DataUrlValue value={value} type={type} /> : <FileValue fileId={value} type={type} />;
    if (type !== 'signature') return shown;
    // A picture of a signature, said so beside it: only a digital signature is one in law (ETO s.3A).
    return (
      <span className="fl-values__drawn">
        {shown}
        <span className="fl-values__muted">{t('signatures.value.drawnNote')}</span>
      </span>
    );
  }
  if (fieldType === 'digitalSignature' && isSignatureValue(value)) return <SignatureValue signatureId={value.signatureId} />;
  if (fieldType === 'location' && isObject(value)) return <LocationValue value={value} />;
  if (fieldType === 'relation' && typeof value === 'string') return <RelationValue ui={ui} id={value} />;
  if (fieldType === 'person' && typeof value === 'string') return <PersonValue id={value} />;
  if (isGroup(schema, ui) && isObject(value)) return <RecordValues schema={schema} uiSchema={ui} data={value} />;
  if (isTable(schema) && Array.isArray(value)) {
    return <SubTable schema={schema.items as JsonObject} ui={isObject(ui.items) ? ui.items : {}} rows={value} />;
  }
  const text = formatterFor(schema, ui, t, locale)(value);
  return <span className={fieldType === 'textarea' ? 'fl-values__text' : undefined}>{text}</span>;
}

function LocationValue({ value }: { value: JsonObject }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { lat, lng, accuracy } = value;
  if (typeof lat !== 'number' || typeof lng !== 'number') return <span>{JSON.stringify(value)}</span>;
  const metres = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 });
  return (
    <span className="fl-values__location">
      <span>{`${lat.toFixed(6)}, ${lng.toFixed(6)}`}</span>
      {typeof accuracy === 'number' && (
        <span className="fl-values__muted">{t('records.value.accuracy', { metres: metres.format(accuracy) })}</span>
      )}
    </span>
  );
}

/** A linked record by its label (looked up like the picker does), linking to its own record page. */
function RelationValue({ ui, id }: { ui: JsonObject; id: string }) {
  const api = useApi();
  const options = isObject(ui['ui:options']) ? ui['ui:options'] : {};
  const formId = typeof options.form === 'string' ? options.form : null;
  const display = typeof options.displayField === 'string' ? options.displayField : undefined;
  const [label, setLabel] = useState<string | null>(null);
  useEffect(() => {
    if (!formId) return;
    let live = true;
    api.listRecords(formId, { ids: [id], display }).then(
      (found) => live && setLabel(found[0]?.label ?? null),
      () => undefined, // the id is still shown
    );
    return () => {
      live = false;
    };
  }, [api, formId, id, display]);
  return <Link to={`/r/${encodeURIComponent(id)}`}>{label ?? id}</Link>;
}

function SubTable({ schema, ui, rows }: { schema: JsonObject; ui: JsonObject; rows: unknown[] }) {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const keys = orderedKeys(schema, ui);
  return (
    <div className="fl-values__table-wrap">
      <table className="fl-values__table">
        <thead>
          <tr>
            <th scope="col">#</th>
            {keys.map((key) => (
              <th scope="col" key={key}>
                {titleOf(properties[key] as JsonObject, key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              {keys.map((key) => (
                <td key={key} data-label={titleOf(properties[key] as JsonObject, key)}>
                  <FieldValue
                    schema={properties[key] as JsonObject}
                    ui={isObject(ui[key]) ? ui[key] : {}}
                    value={isObject(row) ? row[key] : undefined}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

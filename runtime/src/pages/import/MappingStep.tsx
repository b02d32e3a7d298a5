import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportCell, ImportField, ImportPreview, ImportUpload, MappingChoice } from '../../api/imports.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { StepError } from './StepError.tsx';

const SAMPLES_SHOWN = 3;

export function fieldLabel(field: ImportField, locale: 'en' | 'zh-Hant'): string {
  const title = field.title[locale] || field.title.en;
  // The key helps tell fields apart when it says something the title does not.
  return title.toLowerCase() === field.key.toLowerCase() ? title : `${title} (${field.key})`;
}

const cellText = (cell: ImportCell) => (cell === null ? '' : String(cell));

/** The first few values of a column, so a person can tell what it holds. */
function samplesOf(upload: ImportUpload, index: number): string[] {
  return upload.sample
    .map((row) => cellText(row[index] ?? null).trim())
    .filter((v) => v !== '')
    .slice(0, SAMPLES_SHOWN);
}

/** Column → field, and the optional key column; "Check rows" previews with this choice. */
export function MappingStep(props: {
  upload: ImportUpload;
  initial: MappingChoice;
  preview: (choice: MappingChoice) => Promise<ImportPreview>;
  onBack: () => void;
  onPreviewed: (choice: MappingChoice, preview: ImportPreview) => void;
}) {
  const { upload } = props;
  const { t } = useTranslation();
  const { locale } = useLocale();
  const id = useId();
  const [mapping, setMapping] = useState(props.initial.mapping);
  const [keyField, setKeyField] = useState(props.initial.keyField);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const mappedFields = upload.fields.filter((f) => Object.values(mapping).includes(f.key));
  const setColumn = (column: string, field: string | null) => {
    setMapping((m) => ({ ...m, [column]: field }));
    if (keyField && field !== keyField && mapping[column] === keyField) setKeyField(null);
  };
  const takenBy = (fieldKey: string) => Object.entries(mapping).find(([, f]) => f === fieldKey)?.[0];

  const check = async () => {
    setBusy(true);
    setError(null);
    const choice = { mapping, keyField };
    try {
      props.onPreviewed(choice, await props.preview(choice));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="fl-card fl-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('import.map.heading')}</h2>
      <p className="fl-import-hint">
        {t('import.map.fileSummary', { name: upload.fileName, count: upload.rowCount, format: upload.format.toUpperCase() })}
      </p>
      <div className="fl-import-map" role="table" aria-label={t('import.map.tableLabel')}>
        <div className="fl-import-map__head" role="row">
          <span role="columnheader">{t('import.map.column')}</span>
          <span role="columnheader">{t('import.map.samples')}</span>
          <span role="columnheader">{t('import.map.field')}</span>
        </div>
        {upload.columns.map((column, index) => {
          const selectId = `${id}-col-${index}`;
          const samples = samplesOf(upload, index);
          return (
            <div className="fl-import-map__row" role="row" key={column}>
              <label role="cell" htmlFor={selectId} className="fl-import-map__column">
                {column}
              </label>
              <span role="cell" className="fl-import-map__samples">
                {samples.length ? samples.join(' · ') : <em>{t('import.map.noSamples')}</em>}
              </span>
              <span role="cell">
                <select
                  id={selectId}
                  className="fl-input"
                  value={mapping[column] ?? ''}
                  onChange={(e) => setColumn(column, e.target.value || null)}
                >
                  <option value="">{t('import.map.skip')}</option>
                  {upload.fields.map((f) => {
                    const other = takenBy(f.key);
                    return (
                      <option key={f.key} value={f.key} disabled={Boolean(other && other !== column)}>
                        {fieldLabel(f, locale)}
                        {other && other !== column ? ` — ${t('import.map.takenBy', { column: other })}` : ''}
                      </option>
                    );
                  })}
                </select>
              </span>
            </div>
          );
        })}
      </div>

      <div className="fl-field fl-import-key">
        <label className="fl-label" htmlFor={`${id}-key`}>
          {t('import.map.key')}
        </label>
        <select id={`${id}-key`} className="fl-input" value={keyField ?? ''} onChange={(e) => setKeyField(e.target.value || null)}>
          <option value="">{t('import.map.noKey')}</option>
          {mappedFields.map((f) => (
            <option key={f.key} value={f.key}>
              {fieldLabel(f, locale)}
            </option>
          ))}
        </select>
        <span className="fl-import-hint">{keyField ? t('import.map.keyHint') : t('import.map.noKeyHint')}</span>
      </div>
      {upload.alreadyImported && !keyField && (
        <div className="fl-alert fl-alert--warning fl-import-alert" role="status">
          {t('import.map.alreadyImported')}
        </div>
      )}
      {error !== null && <StepError error={error} />}
      <div className="fl-import-actions">
        <button type="button" className="fl-btn fl-btn--secondary" onClick={props.onBack} disabled={busy}>
          {t('import.map.otherFile')}
        </button>
        <button type="button" className="fl-btn fl-btn--primary" onClick={() => void check()} disabled={busy || mappedFields.length === 0}>
          {busy ? t('import.map.checking') : t('import.map.check')}
        </button>
      </div>
    </section>
  );
}

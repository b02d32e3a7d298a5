import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, ImportUpload } from '../../api/imports.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { ImportProblems } from './ImportProblems.tsx';
import { fieldLabel } from './MappingStep.tsx';
import { StepError } from './StepError.tsx';

/** Converted rows shown, so a person sees how dates, numbers and options were read. */
const ROWS_SHOWN = 5;

function Count({ label, value, tone }: { label: string; value: number; tone?: 'ok' | 'bad' | 'muted' }) {
  return (
    <div className={`fl-import-count${tone ? ` fl-import-count--${tone}` : ''}`}>
      <span className="fl-import-count__value">{value.toLocaleString()}</span>
      <span className="fl-import-count__label">{label}</span>
    </div>
  );
}

/** The preview's counts and problems; Import is offered only when no row has a problem. */
export function PreviewStep(props: {
  upload: ImportUpload;
  preview: ImportPreview;
  commit: () => Promise<unknown>;
  onBack: () => void;
  onAnotherFile: () => void;
  onStarted: () => void;
}) {
  const { upload, preview } = props;
  const { t } = useTranslation();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const blocked = preview.invalid > 0;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.commit();
      props.onStarted();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section className="fl-card fl-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('import.preview.heading')}</h2>
      <div className="fl-import-counts">
        <Count label={t('import.preview.total')} value={preview.total} />
        <Count label={t('import.preview.valid')} value={preview.valid} tone="ok" />
        <Count label={t('import.preview.invalid')} value={preview.invalid} tone={blocked ? 'bad' : undefined} />
        <Count label={t('import.preview.duplicates')} value={preview.duplicates} tone="muted" />
      </div>
      {blocked ? (
        <div className="fl-alert fl-alert--error fl-import-alert" role="alert">
          <strong>{t('import.preview.blocked', { count: preview.invalid })}</strong>
          <p>{t('import.preview.blockedHint')}</p>
        </div>
      ) : (
        <div className="fl-alert fl-alert--info fl-import-alert" role="status">
          {preview.valid > 0 ? t('import.preview.ready', { count: preview.valid }) : t('import.preview.nothingNew')}
          {preview.duplicates > 0 && <p>{t('import.preview.skipping', { count: preview.duplicates })}</p>}
        </div>
      )}
      {preview.errors.length > 0 && <ImportProblems problems={preview.errors} fields={upload.fields} />}
      {!blocked && preview.rows.length > 0 && <ConvertedRows upload={upload} rows={preview.rows.slice(0, ROWS_SHOWN)} />}
      {error !== null && <StepError error={error} />}
      <div className="fl-import-actions">
        <button type="button" className="fl-btn fl-btn--secondary" onClick={props.onBack} disabled={busy}>
          {t('import.preview.back')}
        </button>
        <button type="button" className="fl-btn fl-btn--secondary" onClick={props.onAnotherFile} disabled={busy}>
          {t('import.map.otherFile')}
        </button>
        <button type="button" className="fl-btn fl-btn--primary" onClick={() => void start()} disabled={busy || blocked}>
          {t('import.preview.import', { count: preview.valid })}
        </button>
      </div>
    </section>
  );
}

function ConvertedRows({ upload, rows }: { upload: ImportUpload; rows: ImportPreview['rows'] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const fields = upload.fields.filter((f) => rows.some((r) => valueAt(r.data, f.key) !== undefined));
  const show = (v: unknown) => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (Array.isArray(v)) return v.map(String).join('; ');
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <div className="fl-import-sample">
      <h3>{t('import.preview.sampleHeading')}</h3>
      <div className="fl-import-sample__scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('import.problems.row')}</th>
              {fields.map((f) => (
                <th scope="col" key={f.key}>
                  {fieldLabel(f, locale)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                {fields.map((f) => (
                  <td key={f.key}>{show(valueAt(r.data, f.key))}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function valueAt(data: Record<string, unknown>, key: string): unknown {
  let v: unknown = data;
  for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

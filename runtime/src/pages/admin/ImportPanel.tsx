import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgImportRow } from '@formloom/schemas';
import { ApiError } from '../../api/errors.ts';
import { orgErrorText } from './orgErrors.ts';
import type { OrgAdminApi, OrgImportPreview } from './orgAdminApi.ts';

const EXAMPLE = [
  'email,name,department,manager,positions,role,locale',
  'chan.taiman@example.com,陳大文,Operations/Warehouse,wong.siuming@example.com,Storekeeper;Driver,member,zh-Hant',
].join('\n');

/** Choose a CSV → a preview with each row's errors → Import (only a file without errors). */
export function ImportPanel({ api, onImported }: { api: OrgAdminApi; onImported(result: OrgImportPreview): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<OrgImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);

  const check = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy('checking');
    setError(null);
    try {
      setPreview(await api.previewImport(file));
    } catch (err) {
      setPreview(null);
      setError(orgErrorText(t, err));
    } finally {
      setBusy(null);
    }
  };

  const run = async () => {
    if (!file) return;
    setBusy('importing');
    setError(null);
    try {
      const result = await api.runImport(file);
      onImported(result);
    } catch (err) {
      // The file changed on the server's side since the preview (someone else edited the chart): show the new errors.
      if (err instanceof ApiError && err.code === 'import_has_errors' && isPreview(err.details)) setPreview(err.details);
      setError(orgErrorText(t, err));
      setBusy(null);
    }
  };

  const toDo = preview ? preview.summary.create + preview.summary.update : 0;
  return (
    <section aria-labelledby="org-import-title">
      <div className="fl-org__bar">
        <h2 id="org-import-title">{t('admin.import.title')}</h2>
      </div>
      <div className="fl-card fl-panel fl-org-import__help">
        <p>{t('admin.import.help')}</p>
        <ul>
          <li>{t('admin.import.helpDepartment')}</li>
          <li>{t('admin.import.helpManager')}</li>
          <li>{t('admin.import.helpRole')}</li>
          <li>{t('admin.import.helpPasswords')}</li>
        </ul>
        <pre className="fl-org-import__example" aria-label={t('admin.import.example')}>
          {EXAMPLE}
        </pre>
      </div>
      <form className="fl-org-import__pick" onSubmit={check}>
        <div className="fl-field">
          <label className="fl-label" htmlFor="org-import-file">
            {t('admin.import.file')}
          </label>
          <input
            id="org-import-file"
            className="fl-input fl-org-import__file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setError(null);
            }}
          />
        </div>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={!file || busy !== null}>
          {busy === 'checking' ? t('admin.import.checking') : t('admin.import.check')}
        </button>
      </form>
      {error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {error}
        </p>
      )}
      {preview && <PreviewResult preview={preview} />}
      {preview && (
        <div className="fl-org-import__run">
          {preview.summary.error > 0 ? (
            <p className="fl-alert fl-alert--warning">{t('admin.import.fixFirst', { count: preview.summary.error })}</p>
          ) : toDo === 0 ? (
            <p className="fl-alert fl-alert--info">{t('admin.import.nothingToDo')}</p>
          ) : null}
          <button
            type="button"
            className="fl-btn fl-btn--primary"
            disabled={preview.summary.error > 0 || toDo === 0 || busy !== null}
            onClick={() => void run()}
          >
            {busy === 'importing' ? t('admin.import.importing') : t('admin.import.run', { count: toDo })}
          </button>
        </div>
      )}
    </section>
  );
}

function isPreview(details: unknown): details is OrgImportPreview {
  return typeof details === 'object' && details !== null && Array.isArray((details as OrgImportPreview).rows);
}

function PreviewResult({ preview }: { preview: OrgImportPreview }) {
  const { t } = useTranslation();
  const { summary } = preview;
  return (
    <div className="fl-org-import__preview">
      <h3>{t('admin.import.previewTitle')}</h3>
      <ul className="fl-org-import__summary" aria-label={t('admin.import.summary')}>
        <li className="fl-badge fl-badge--ok">{t('admin.import.summaryCreate', { count: summary.create })}</li>
        <li className="fl-badge">{t('admin.import.summaryUpdate', { count: summary.update })}</li>
        <li className="fl-badge">{t('admin.import.summaryUnchanged', { count: summary.unchanged })}</li>
        <li className={`fl-badge${summary.error > 0 ? ' fl-org-import__bad' : ''}`}>
          {t('admin.import.summaryError', { count: summary.error })}
        </li>
      </ul>
      {preview.departmentsToCreate.length > 0 && (
        <p className="fl-org-import__departments">
          {t('admin.import.departmentsToCreate', { list: preview.departmentsToCreate.join(t('admin.listSeparator')) })}
        </p>
      )}
      <table className="fl-org-import__rows">
        <thead>
          <tr>
            <th scope="col">{t('admin.import.line')}</th>
            <th scope="col">{t('admin.import.email')}</th>
            <th scope="col">{t('admin.import.result')}</th>
            <th scope="col">{t('admin.import.details')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) => (
            <tr key={row.line} className={row.action === 'error' ? 'fl-org-import__row--error' : undefined} data-line={row.line}>
              <td data-label={t('admin.import.line')}>{row.line}</td>
              <td data-label={t('admin.import.email')} className="fl-org-import__email">
                {row.email || '—'}
              </td>
              <td data-label={t('admin.import.result')}>
                <span className={`fl-badge fl-org-import__action--${row.action}`}>{t(`admin.import.action.${row.action}`)}</span>
              </td>
              <td data-label={t('admin.import.details')}>
                <RowDetails row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowDetails({ row }: { row: OrgImportRow }) {
  const { t } = useTranslation();
  if (row.errors.length > 0) {
    return (
      <ul className="fl-org-import__errors">
        {row.errors.map((e, i) => (
          <li key={i}>
            <strong>{t(`admin.import.column.${e.column}`, { defaultValue: e.column })}:</strong>{' '}
            {t(`admin.import.error.${e.code}`, { ...e.params, defaultValue: e.message })}
          </li>
        ))}
      </ul>
    );
  }
  if (row.changes.length === 0) return <span className="fl-org__muted">—</span>;
  return <span>{row.changes.map((c) => t(`admin.import.column.${c}`, { defaultValue: c })).join(t('admin.listSeparator'))}</span>;
}

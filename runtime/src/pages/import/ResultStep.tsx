import { useTranslation } from 'react-i18next';
import type { ImportField, ImportState } from '../../api/imports.ts';
import { Link } from '../../router/Router.tsx';
import { ImportProblems } from './ImportProblems.tsx';

/** How the import ended: rows added and skipped, or why nothing was written. */
export function ResultStep(props: {
  result: ImportState;
  fields: ImportField[];
  submissionsPath: string;
  onAnotherFile: () => void;
  onBackToMapping: () => void;
}) {
  const { result } = props;
  const { t } = useTranslation();
  const done = result.status === 'done';
  return (
    <section className="fl-card fl-panel" aria-labelledby="fl-import-result-h">
      <h2 id="fl-import-result-h">{done ? t('import.result.doneHeading') : t('import.result.failedHeading')}</h2>
      {done ? (
        <div className="fl-alert fl-alert--info fl-import-alert fl-import-alert--ok" role="status">
          <strong>{t('import.result.inserted', { count: result.inserted })}</strong>
          {result.skipped > 0 && <p>{t('import.result.skipped', { count: result.skipped })}</p>}
        </div>
      ) : (
        <>
          <div className="fl-alert fl-alert--error fl-import-alert" role="alert">
            <strong>{t('import.result.nothingWritten')}</strong>
            <p>{t('import.preview.blockedHint')}</p>
          </div>
          {result.errors.length > 0 && <ImportProblems problems={result.errors} fields={props.fields} />}
        </>
      )}
      <div className="fl-import-actions">
        {!done && (
          <button type="button" className="fl-btn fl-btn--secondary" onClick={props.onBackToMapping}>
            {t('import.preview.back')}
          </button>
        )}
        <button type="button" className="fl-btn fl-btn--secondary" onClick={props.onAnotherFile}>
          {done ? t('import.result.another') : t('import.map.otherFile')}
        </button>
        {done && (
          <Link className="fl-btn fl-btn--primary" to={props.submissionsPath}>
            {t('import.result.viewSubmissions')}
          </Link>
        )}
      </div>
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { formTitle } from '../formTitle.ts';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { RecordFlags, RecordMeta, flaggedFields } from './RecordMeta.tsx';
import { RecordValues } from './RecordValues.tsx';
import { useLocalizedVersion, useRecordData, type RecordData } from './recordData.ts';
import './RecordPage.css';
import './print.css';

/** A record laid out for paper: the browser's print dialog prints it or saves it as a PDF. */
export default function PrintRecordPage({ submissionId }: { submissionId: string }) {
  const { state } = useRecordData(submissionId);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  return <PrintView data={state.data} />;
}

function PrintView({ data }: { data: RecordData }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { record, form, version, history } = data;
  const doc = useLocalizedVersion(version);
  return (
    <main className="fl-main fl-main--narrow fl-print">
      <div className="fl-print__bar fl-no-print">
        <Link to={`/r/${encodeURIComponent(record.id)}`}>{t('records.backToRecord')}</Link>
        <button type="button" className="fl-btn fl-btn--primary" onClick={() => window.print()}>
          {t('records.printNow')}
        </button>
      </div>
      <article className="fl-print__sheet">
        <header className="fl-print__head">
          <h1>{formTitle(form, locale)}</h1>
          <RecordMeta record={record} />
          <p className="fl-print__ref">{t('records.reference', { id: record.id, version: record.formVersion })}</p>
        </header>
        <RecordFlags flags={record.flags} uiSchema={version?.uiSchema ?? {}} />
        <RecordValues schema={doc.schema} uiSchema={doc.uiSchema} data={record.data} marks={flaggedFields(record.flags, t)} />
        {history.length > 1 && (
          <section className="fl-print__history">
            <h2>{t('records.history.title')}</h2>
            <HistoryTimeline entries={history} schema={doc.schema} uiSchema={doc.uiSchema} />
          </section>
        )}
      </article>
    </main>
  );
}

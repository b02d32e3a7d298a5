import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../../api/errors.ts';
import type { RecordDetail, RecordsApi } from '../../api/records.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link, useNavigate } from '../../router/Router.tsx';
import { formTitle } from '../formTitle.ts';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { SubmissionFlowPanel } from '../inbox/SubmissionFlowPanel.tsx';
import { RecordIntegrationsPanel } from '../integrations/RecordIntegrationsPanel.tsx';
import { RecordSignatures } from '../../signatures/RecordSignatures.tsx';
import { RecordFlags, RecordMeta, flaggedFields } from './RecordMeta.tsx';
import { RecordValues } from './RecordValues.tsx';
import { useLocalizedVersion, useRecordData, type RecordData } from './recordData.ts';
import './RecordPage.css';

// The editor carries rjsf and ajv: fetched only when someone edits.
const RecordEditor = lazy(() => import('./RecordEditor.tsx'));

export default function RecordPage({ submissionId }: { submissionId: string }) {
  const { state, records } = useRecordData(submissionId);
  // Kept above the record view, which re-mounts when the record changes (a resubmit), so the approval
  // panel can still say what just happened.
  const [flowNotice, setFlowNotice] = useState<string | null>(null);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const onFlowChanged = (notice: string | null) => {
    setFlowNotice(notice);
    state.reload();
  };
  return (
    <RecordView
      key={state.data.record.updatedAt ?? state.data.record.id}
      data={state.data}
      records={records}
      reload={state.reload}
      flowNotice={flowNotice}
      onFlowChanged={onFlowChanged}
    />
  );
}

function RecordView({
  data,
  records,
  reload,
  flowNotice,
  onFlowChanged,
}: {
  data: RecordData;
  records: RecordsApi;
  reload: () => void;
  flowNotice: string | null;
  onFlowChanged: (notice: string | null) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { record, form, version, history } = data;
  const doc = useLocalizedVersion(version);
  const [editing, setEditing] = useState(false);
  const title = formTitle(form, locale);
  const listPath = `/f/${encodeURIComponent(form.id)}/submissions`;

  return (
    <main className="fl-main fl-main--narrow fl-record">
      <div className="fl-breadcrumb">
        <Link to={listPath}>{t('records.backToList', { name: title })}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{title}</h1>
          <RecordMeta record={record} />
        </div>
        {!editing && (
          <div className="fl-page-head__actions">
            {record.canEdit && form.published && (
              <button type="button" className="fl-btn fl-btn--primary" onClick={() => setEditing(true)}>
                {t('records.edit')}
              </button>
            )}
            <Link className="fl-btn fl-btn--secondary" to={`/r/${encodeURIComponent(record.id)}/print`}>
              {t('records.print')}
            </Link>
          </div>
        )}
      </div>
      <RecordFlags flags={record.flags} uiSchema={version?.uiSchema ?? {}} />
      <SubmissionFlowPanel submissionId={record.id} onChanged={onFlowChanged} initialNotice={flowNotice} />
      <RecordIntegrationsPanel submissionId={record.id} />
      <RecordSignatures submissionId={record.id} fieldTitle={(key) => fieldTitleIn(doc.schema, key)} />

      {editing ? (
        <Suspense fallback={<Loading />}>
          <RecordEditor
            record={record}
            form={form}
            records={records}
            onCancel={() => setEditing(false)}
            onReload={reload}
            onSaved={() => {
              setEditing(false);
              reload();
            }}
          />
        </Suspense>
      ) : (
        <section className="fl-card fl-panel" aria-labelledby="fl-record-values">
          <h2 id="fl-record-values" className="fl-visually-hidden">
            {t('records.values')}
          </h2>
          <RecordValues schema={doc.schema} uiSchema={doc.uiSchema} data={record.data} marks={flaggedFields(record.flags, t)} />
        </section>
      )}

      <section className="fl-record__history" aria-labelledby="fl-record-history">
        <h2 id="fl-record-history">{t('records.history.title')}</h2>
        {history.length ? (
          <HistoryTimeline entries={history} schema={doc.schema} uiSchema={doc.uiSchema} />
        ) : (
          <p className="fl-values__muted">{t('records.history.none')}</p>
        )}
      </section>

      {record.canDelete && !editing && <DeleteRecord record={record} records={records} listPath={listPath} />}
    </main>
  );
}

function DeleteRecord({ record, records, listPath }: { record: RecordDetail; records: RecordsApi; listPath: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [stage, setStage] = useState<'idle' | 'confirm' | 'deleting'>('idle');
  const [problem, setProblem] = useState<string | null>(null);

  const remove = async () => {
    setStage('deleting');
    setProblem(null);
    try {
      await records.remove(record.id);
      navigate(listPath, { replace: true });
    } catch (err) {
      setStage('confirm');
      // A 409 says why this record must stay (a stock movement is corrected by a new one, say): show it as written.
      if (err instanceof ApiError && err.status === 409) setProblem(err.message);
      else if (err instanceof NetworkError) setProblem(t('records.networkError'));
      else if (err instanceof ApiError && err.status === 404) setProblem(t('records.goneAlready'));
      else setProblem(t('records.deleteFailed'));
    }
  };

  return (
    <section className="fl-record__danger" aria-labelledby="fl-record-delete">
      <h2 id="fl-record-delete" className="fl-visually-hidden">
        {t('records.delete')}
      </h2>
      {stage === 'idle' ? (
        <button type="button" className="fl-btn fl-btn--ghost fl-btn--danger-text" onClick={() => setStage('confirm')}>
          {t('records.delete')}
        </button>
      ) : (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-labelledby="fl-delete-question">
          <p id="fl-delete-question">{t('records.deleteConfirm')}</p>
          {problem && (
            <p className="fl-record__problem" role="alert">
              {problem}
            </p>
          )}
          <div className="fl-alert__actions fl-record__confirm">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('idle')} disabled={stage === 'deleting'}>
              {t('records.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--danger" onClick={remove} disabled={stage === 'deleting'}>
              {stage === 'deleting' ? t('records.deleting') : t('records.deleteYes')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** A top-level field's title in the shown (localized) schema, else its key. */
function fieldTitleIn(schema: Record<string, unknown>, key: string): string {
  const prop = (schema.properties as Record<string, { title?: unknown }> | undefined)?.[key];
  return typeof prop?.title === 'string' && prop.title ? prop.title : key;
}

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, NetworkError, isApiError } from '../../api/errors.ts';
import type { RecordQuery } from '../../api/types.ts';
import type { WorkflowApi } from '../../api/workflow.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useFormKitLoader } from '../../form/FormKit.tsx';
import { useFileApi } from '../../form/upload/useFileApi.ts';
import { FormRenderer, type RejectedSubmission } from '../../form/FormRenderer.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useRecordsApi } from '../records/useRecordsApi.ts';
import '../FillFormPage.css';

/**
 * A returned submission corrected and sent again: the record editor's way (the fill page's renderer,
 * prefilled, against the form's latest version), but the save is a resubmit that restarts the flow.
 */
export default function ResubmitEditor({
  submissionId,
  api,
  onCancel,
  onResubmitted,
}: {
  submissionId: string;
  api: WorkflowApi;
  onCancel: () => void;
  onResubmitted: () => void;
}) {
  const { t } = useTranslation();
  const client = useApi();
  const records = useRecordsApi();
  const { locale } = useLocale();
  const loadKit = useFormKitLoader();
  const files = useFileApi();
  const loaded = useAsync(async () => {
    const record = await records.get(submissionId);
    const [form, kit] = await Promise.all([client.getForm(record.formId), loadKit()]);
    return { record, form, kit };
  }, [records, client, submissionId, loadKit]);
  const [sending, setSending] = useState(false);
  const [rejected, setRejected] = useState<RejectedSubmission | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lookupRecords = useCallback((formId: string, query: RecordQuery) => client.listRecords(formId, query), [client]);

  const resubmit = useCallback(
    async (data: Record<string, unknown>) => {
      setSending(true);
      setProblem(null);
      try {
        await api.resubmit(submissionId, data);
        onResubmitted();
      } catch (err) {
        setSending(false);
        if (isApiError(err, 'validation_failed')) {
          setRejected({ details: err.validationDetails, data });
          setProblem(t('fill.fixErrors'));
        } else if (isApiError(err, 'flow_not_returned') || isApiError(err, 'flow_not_pending')) {
          setProblem(t('inbox.flow.notReturnedAnyMore'));
        } else if (err instanceof NetworkError) setProblem(t('inbox.networkError'));
        else if (err instanceof ApiError && err.status < 500) setProblem(err.message);
        else setProblem(t('fill.serverError'));
      }
    },
    [api, submissionId, onResubmitted, t],
  );

  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  const { record, form, kit } = loaded.data;
  const published = form.published;
  if (!published) return <p className="fl-alert fl-alert--error">{t('fill.notPublished', { name: form.name })}</p>;
  return (
    <div className="fl-fill fl-flow-panel__editor" aria-label={t('inbox.flow.editing')} role="group">
      <FormRenderer
        schema={published.schema}
        uiSchema={published.uiSchema}
        locale={locale}
        validatorFor={kit.validatorFor}
        widgets={kit.widgets}
        fields={kit.fields}
        fieldTypes={kit.fieldTypes}
        initialData={record.data}
        rejected={rejected}
        disabled={sending}
        records={lookupRecords}
        uploadFile={files.uploadFile}
        fileInfo={files.fileInfo}
        onSubmit={resubmit}
      >
        {problem && (
          <div className="fl-alert fl-alert--error fl-fill__problem" role="alert">
            {problem}
          </div>
        )}
        <div className="fl-fill__actions fl-task__confirm">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={onCancel} disabled={sending}>
            {t('inbox.task.cancel')}
          </button>
          <button type="submit" className="fl-btn fl-btn--primary" disabled={sending}>
            {sending ? t('inbox.task.sending') : t('inbox.flow.resubmit')}
          </button>
        </div>
      </FormRenderer>
    </div>
  );
}

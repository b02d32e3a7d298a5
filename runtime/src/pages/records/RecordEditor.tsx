import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, NetworkError, isApiError } from '../../api/errors.ts';
import type { RecordDetail, RecordsApi } from '../../api/records.ts';
import type { Form, RecordQuery } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useFormKitLoader } from '../../form/FormKit.tsx';
import { FormRenderer, type RejectedSubmission } from '../../form/FormRenderer.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import '../FillFormPage.css';

/**
 * Editing a record: the fill page's renderer, prefilled, against the form's latest version (the one the
 * server validates an edit with). The save says which state it started from, so an edit made meanwhile
 * by someone else is not overwritten without the person knowing.
 */
export default function RecordEditor({
  record,
  form,
  records,
  onCancel,
  onSaved,
  onReload,
}: {
  record: RecordDetail;
  form: Form;
  records: RecordsApi;
  onCancel: () => void;
  onSaved: (record: RecordDetail) => void;
  /** Throws the edit away and shows the record as it is now. */
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const loadKit = useFormKitLoader();
  const kit = useAsync(loadKit, [loadKit]);
  const [saving, setSaving] = useState(false);
  const [rejected, setRejected] = useState<RejectedSubmission | null>(null);
  const [problem, setProblem] = useState<{ text: string; conflict?: boolean } | null>(null);
  const lookupRecords = useCallback((formId: string, query: RecordQuery) => api.listRecords(formId, query), [api]);

  const save = useCallback(
    async (data: Record<string, unknown>) => {
      setSaving(true);
      setProblem(null);
      try {
        const saved = await records.update(record.id, data, record.updatedAt ?? record.createdAt);
        onSaved(saved);
      } catch (err) {
        setSaving(false);
        if (isApiError(err, 'version_conflict')) {
          setProblem({ text: t('records.conflict'), conflict: true });
        } else if (isApiError(err, 'validation_failed')) {
          setRejected({ details: err.validationDetails, data });
          setProblem({ text: t('fill.fixErrors') });
        } else if (err instanceof ApiError && err.status === 422) {
          setProblem({ text: err.message }); // a check the form's fields cannot show (a geofence, stock)
        } else if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
          setProblem({ text: t('records.editForbidden') });
        } else if (err instanceof NetworkError) {
          setProblem({ text: t('records.networkError') });
        } else {
          setProblem({ text: t('fill.serverError') });
        }
      }
    },
    [records, record, onSaved, t],
  );

  if (kit.status === 'loading') return <Loading />;
  if (kit.status === 'error') return <ErrorState error={kit.error} onRetry={kit.reload} />;
  const published = form.published!;
  return (
    <section className="fl-card fl-panel fl-fill" aria-label={t('records.editing')}>
      {record.formVersion !== published.version && (
        <p className="fl-alert fl-alert--info">{t('records.newerVersion', { from: record.formVersion, to: published.version })}</p>
      )}
      <FormRenderer
        schema={published.schema}
        uiSchema={published.uiSchema}
        locale={locale}
        validatorFor={kit.data.validatorFor}
        widgets={kit.data.widgets}
        fields={kit.data.fields}
        fieldTypes={kit.data.fieldTypes}
        initialData={record.data}
        rejected={rejected}
        disabled={saving}
        records={lookupRecords}
        onSubmit={save}
      >
        {problem && (
          <div className="fl-alert fl-alert--error fl-fill__problem" role="alert">
            {problem.text}
            {problem.conflict && (
              <div className="fl-alert__actions">
                <button type="button" className="fl-btn fl-btn--secondary" onClick={onReload}>
                  {t('records.conflictReload')}
                </button>
              </div>
            )}
          </div>
        )}
        <div className="fl-fill__actions fl-record__edit-actions">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={onCancel} disabled={saving}>
            {t('records.cancel')}
          </button>
          <button type="submit" className="fl-btn fl-btn--primary" disabled={saving}>
            {saving ? t('records.saving') : t('records.save')}
          </button>
        </div>
      </FormRenderer>
    </section>
  );
}

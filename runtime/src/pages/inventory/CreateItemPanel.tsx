import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, isApiError } from '../../api/errors.ts';
import type { LinkableRecord, RecordQuery } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { FormRenderer, type RejectedSubmission } from '../../form/FormRenderer.tsx';
import { useFormKitLoader } from '../../form/FormKit.tsx';
import { newIdempotencyKey } from '../../form/idempotency.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import type { LedgerSetting } from './ledger.ts';

/**
 * The item list's own form, opened from an unknown scan with the code already in the barcode field.
 * The new item comes back to the scan page selected.
 */
export function CreateItemPanel({
  ledger,
  code,
  onCreated,
  onCancel,
}: {
  ledger: LedgerSetting;
  code: string;
  onCreated: (item: LinkableRecord) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const loadKit = useFormKitLoader();
  const state = useAsync(() => Promise.all([api.getForm(ledger.itemForm), loadKit()]), [api, ledger.itemForm, loadKit]);
  const [rejected, setRejected] = useState<RejectedSubmission | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const key = useRef(newIdempotencyKey());
  const records = useCallback((formId: string, query: RecordQuery) => api.listRecords(formId, query), [api]);

  const submit = useCallback(
    async (data: Record<string, unknown>) => {
      setSending(true);
      setProblem(null);
      try {
        const created = await api.createSubmission(ledger.itemForm, data, key.current);
        const name = created.data[ledger.itemFields.name];
        onCreated({ id: created.id, label: typeof name === 'string' ? name : code, data: created.data });
      } catch (err) {
        setSending(false);
        if (err instanceof ApiError && err.status < 500) key.current = newIdempotencyKey();
        if (isApiError(err, 'validation_failed')) {
          setRejected({ details: err.validationDetails, data });
          setProblem(t('fill.fixErrors'));
        } else setProblem(t('stock.create.failed'));
      }
    },
    [api, code, ledger, onCreated, t],
  );

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={state.reload} />;
  const [form, kit] = state.data;
  if (!form.published) return <ErrorState error={new Error('item form not published')} />;
  return (
    <section className="fl-card fl-panel fl-stock__create" aria-labelledby="fl-create-title">
      <h2 id="fl-create-title">{t('stock.create.title')}</h2>
      <p className="fl-stock__hint">{t('stock.create.intro', { code })}</p>
      <FormRenderer
        schema={form.published.schema}
        uiSchema={form.published.uiSchema}
        locale={locale}
        validatorFor={kit.validatorFor}
        widgets={kit.widgets}
        fields={kit.fields}
        fieldTypes={kit.fieldTypes}
        initialData={{ [ledger.itemFields.barcode]: code }}
        rejected={rejected}
        disabled={sending}
        records={records}
        onSubmit={submit}
      >
        {problem && (
          <div className="fl-alert fl-alert--error" role="alert">
            {problem}
          </div>
        )}
        <div className="fl-stock__actions">
          <button type="submit" className="fl-btn fl-btn--primary fl-stock__big" disabled={sending}>
            {sending ? t('stock.create.saving') : t('stock.create.save')}
          </button>
          <button type="button" className="fl-btn fl-btn--secondary fl-stock__big" onClick={onCancel} disabled={sending}>
            {t('stock.create.cancel')}
          </button>
        </div>
      </FormRenderer>
    </section>
  );
}

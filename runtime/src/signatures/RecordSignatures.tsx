import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import { useAsync } from '../components/useAsync.ts';
import { signaturesApiOf } from './api.ts';
import { SignatureSummary } from './SignatureSummary.tsx';
import type { Signature } from './types.ts';
import './signing.css';

/**
 * The record page's digital signatures (a signed field, each approver's signature), each with its signed
 * PDF. Nothing is shown for a record without any, or when they cannot be read.
 */
export function RecordSignatures({ submissionId, fieldTitle }: { submissionId: string; fieldTitle?: (key: string) => string }) {
  const { t } = useTranslation();
  const client = useApi();
  const api = useMemo(() => {
    try {
      return signaturesApiOf(client);
    } catch {
      return null;
    }
  }, [client]);
  const list = useAsync(async () => (api ? api.ofSubmission(submissionId) : []), [api, submissionId]);
  if (list.status !== 'ok' || list.data.length === 0) return null;
  const purposeOf = (s: Signature) =>
    s.purpose === 'approval'
      ? t('signatures.record.approval')
      : t('signatures.record.field', { field: s.field ? (fieldTitle?.(s.field) ?? s.field) : '' });
  return (
    <section className="fl-card fl-panel fl-record-sigs" aria-labelledby="fl-record-sigs">
      <h2 id="fl-record-sigs" className="fl-record-sigs__title">
        {t('signatures.record.title')}
      </h2>
      <p className="fl-record-sigs__intro">{t('signatures.record.intro')}</p>
      <ol className="fl-record-sigs__list">
        {list.data.map((s) => (
          <li key={s.id} className="fl-record-sigs__item" data-signature={s.id}>
            <p className="fl-record-sigs__purpose">{purposeOf(s)}</p>
            <SignatureSummary signature={s} pdfUrl={s.pdfUrl} />
          </li>
        ))}
      </ol>
    </section>
  );
}

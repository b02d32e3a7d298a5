import { useMemo } from 'react';
import { localizeForm } from '@formloom/schemas';
import { useApi } from '../../api/ApiContext.tsx';
import type { HistoryEntry, RecordDetail, RecordsApi } from '../../api/records.ts';
import type { Form, FormVersion } from '../../api/types.ts';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { useRecordsApi } from './useRecordsApi.ts';

export interface RecordData {
  record: RecordDetail;
  form: Form;
  /** The version the record was filled in (or the latest, if that one cannot be read). */
  version: FormVersion | null;
  history: HistoryEntry[];
}

async function loadRecord(records: RecordsApi, getForm: (id: string) => Promise<Form>, submissionId: string): Promise<RecordData> {
  const [record, history] = await Promise.all([records.get(submissionId), records.history(submissionId)]);
  const [form, versions] = await Promise.all([getForm(record.formId), records.versions(record.formId).catch(() => [])]);
  const version = versions.find((v) => v.version === record.formVersion) ?? form.published;
  return { record, form, version, history };
}

/** A record with its form and history; `reload()` after an edit. */
export function useRecordData(submissionId: string) {
  const api = useApi();
  const records = useRecordsApi();
  const state = useAsync(() => loadRecord(records, (id) => api.getForm(id), submissionId), [api, records, submissionId]);
  return { state, records };
}

/** The record's form document in the UI language. */
export function useLocalizedVersion(version: FormVersion | null) {
  const { locale } = useLocale();
  return useMemo(
    () => (version ? localizeForm(version.schema, version.uiSchema, locale) : { schema: {}, uiSchema: {} }),
    [version, locale],
  );
}

import { useMemo } from 'react';
import { useApi } from '../../../api/ApiContext.tsx';
import type { Form } from '../../../api/types.ts';
import { useAsync, type AsyncState } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { formFieldsOf, type FormField } from './formFields.ts';

/** A form and the fields of its latest published version (what mappings are checked against on the server). */
export function usePublishedFields(formId: string | null): { form: AsyncState<Form | null> & { reload: () => void }; fields: FormField[] } {
  const api = useApi();
  const { locale } = useLocale();
  const form = useAsync<Form | null>(() => (formId ? api.getForm(formId) : Promise.resolve(null)), [api, formId]);
  const published = form.status === 'ok' ? (form.data?.published ?? null) : null;
  const fields = useMemo(() => formFieldsOf(published, locale), [published, locale]);
  return { form, fields };
}

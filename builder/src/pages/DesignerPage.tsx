import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, useAsync } from '@formloom/runtime';
import { useDesignerApi } from '../api/DesignerApiContext.tsx';
import { Workspace } from '../designer/Workspace.tsx';

/** `/builder/forms/:formId`: loads the form (deep links survive a reload) and opens the workspace on it. */
export default function DesignerPage({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const api = useDesignerApi();
  const state = useAsync(() => api.getForm(formId), [api, formId]);
  if (state.status === 'loading') return <Loading label={t('designer.loadingForm')} />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  return <Workspace form={state.data} />;
}

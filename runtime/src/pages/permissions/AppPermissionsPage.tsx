import type { AppGrant } from '@formloom/schemas';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { Link } from '../../router/Router.tsx';
import { PermissionSetsTable } from './PermissionSetsTable.tsx';
import { permissionsApiOf } from './permissionsApi.ts';
import { SensitiveFieldsPanel } from './SensitiveFieldsPanel.tsx';
import './permissions.css';

/** /apps/:appId/permissions: the app's permission sets and each form's sensitive fields (app managers). */
export default function AppPermissionsPage({ appId }: { appId: string }) {
  const { t } = useTranslation();
  const client = useApi();
  const api = useMemo(() => permissionsApiOf(client), [client]);
  const state = useAsync(() => Promise.all([client.getApp(appId), client.listForms(appId)]), [client, appId]);
  const grantsState = useAsync(
    async () => (state.status === 'ok' && state.data[0].permissions.canEdit ? api.grants(appId) : null),
    [api, appId, state.status],
  );
  const [grants, setGrants] = useState<AppGrant[] | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | { error: string }>('idle');
  // Only a fresh load replaces the edits on the page (the async state object is new on every render).
  const loadedGrants = grantsState.status === 'ok' ? grantsState.data : null;
  useEffect(() => {
    if (loadedGrants) setGrants(loadedGrants);
  }, [loadedGrants]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const [app, forms] = state.data;
  const save = async () => {
    if (!grants) return;
    setStatus('saving');
    try {
      setGrants(await api.saveGrants(appId, grants));
      setStatus('saved');
    } catch (err) {
      setStatus({ error: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <main className="fl-main fl-perm">
      <div className="fl-breadcrumb">
        <Link to={`/apps/${encodeURIComponent(appId)}`}>{t('permissions.back', { name: app.name })}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('permissions.title')}</h1>
          <p>{t('permissions.intro', { name: app.name })}</p>
        </div>
      </div>
      {!app.permissions.canEdit ? (
        <EmptyState title={t('permissions.notManagerTitle')}>
          <p>{t('permissions.notManager')}</p>
        </EmptyState>
      ) : (
        <>
          <section className="fl-card fl-perm-sets" aria-labelledby="perm-sets-title">
            <h2 id="perm-sets-title">{t('permissions.sets.title')}</h2>
            <p className="fl-perm-hint">{t('permissions.sets.hint')}</p>
            {grantsState.status === 'error' && <ErrorState error={grantsState.error} onRetry={grantsState.reload} />}
            {grants === null && grantsState.status !== 'error' && <Loading />}
            {grants && (
              <>
                <PermissionSetsTable
                  grants={grants}
                  onChange={(next) => {
                    setGrants(next);
                    setStatus('idle');
                  }}
                />
                <div className="fl-perm-actions">
                  <button type="button" className="fl-btn fl-btn--primary" onClick={save} disabled={status === 'saving'}>
                    {t('permissions.sets.save')}
                  </button>
                  <span role="status" className="fl-perm-status">
                    {status === 'saved' && t('permissions.saved')}
                    {typeof status === 'object' && t('permissions.saveFailed', { message: status.error })}
                  </span>
                </div>
              </>
            )}
          </section>
          <h2 className="fl-perm-section-title">{t('permissions.sensitive.title')}</h2>
          {forms.length === 0 ? (
            <p>{t('permissions.sensitive.noForms')}</p>
          ) : (
            forms.map((form) => <SensitiveFieldsPanel key={form.id} form={form} api={api} />)
          )}
        </>
      )}
    </main>
  );
}

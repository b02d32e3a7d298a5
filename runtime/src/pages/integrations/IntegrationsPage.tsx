import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { Link, useLocation, useNavigate } from '../../router/Router.tsx';
import { canBuild, useSession } from '../../session/SessionProvider.tsx';
import { IntegrationsTabs } from './IntegrationsTabs.tsx';
import { ScopePicker, type Scope } from './webhooks/ScopePicker.tsx';
import { useWebhooksApi } from './webhooks/useWebhooksApi.ts';
import { WebhookList } from './webhooks/WebhookList.tsx';
import './integrations.css';

const scopeQuery = ({ appId, formId }: Scope) => {
  const params = new URLSearchParams();
  if (appId) params.set('appId', appId);
  if (formId) params.set('formId', formId);
  return params.size ? `?${params}` : '';
};

/** /integrations: the webhook subscriptions, filtered by app or form (`?appId=` / `?formId=` links preselect). */
export default function IntegrationsPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  const { search } = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(search);
  const scope: Scope = { appId: params.get('appId'), formId: params.get('formId') };
  const webhooks = useWebhooksApi();
  const allowed = !!user && canBuild(user);
  const list = useAsync(
    () => (allowed ? webhooks.list({ appId: scope.appId ?? undefined, formId: scope.formId ?? undefined }) : Promise.resolve([])),
    [webhooks, allowed, scope.appId, scope.formId],
  );
  const setScope = useCallback((next: Scope) => navigate(`/integrations${scopeQuery(next)}`, { replace: true }), [navigate]);

  if (!allowed) {
    return (
      <main className="fl-main">
        <div className="fl-alert fl-alert--error" role="alert">
          {t('integrations.buildersOnly')}
        </div>
      </main>
    );
  }
  const filtered = !!(scope.appId || scope.formId);
  return (
    <main className="fl-main fl-int">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('integrations.title')}</h1>
          <p>{t('integrations.intro')}</p>
        </div>
        <div className="fl-page-head__actions">
          <Link to={`/integrations/webhooks/new${scopeQuery(scope)}`} className="fl-btn fl-btn--primary">
            {t('webhooks.new')}
          </Link>
        </div>
      </div>
      <IntegrationsTabs />
      <section aria-label={t('webhooks.list.scope')} className="fl-int-filter">
        <ScopePicker
          scope={scope}
          onChange={setScope}
          idPrefix="webhook-filter"
          labels={{
            app: t('webhooks.editor.app'),
            form: t('webhooks.editor.form'),
            anyApp: t('webhooks.list.allApps'),
            anyForm: t('webhooks.list.allForms'),
          }}
        />
      </section>
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.data.length === 0 ? (
        <EmptyState title={filtered ? t('webhooks.list.emptyFiltered') : t('webhooks.list.empty')}>
          <p>{t('webhooks.list.emptyHint')}</p>
        </EmptyState>
      ) : (
        <WebhookList webhooks={list.data} />
      )}
    </main>
  );
}

import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import type { WebhookSubscription } from '../../../api/webhooks.ts';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { Link, useLocation, useNavigate } from '../../../router/Router.tsx';
import { canBuild, useSession } from '../../../session/SessionProvider.tsx';
import { IntegrationsTabs } from '../IntegrationsTabs.tsx';
import { DeliveryLog } from './DeliveryLog.tsx';
import { rememberFreshSecret, takeFreshSecret } from './freshSecrets.ts';
import { SecretPanel } from './SecretPanel.tsx';
import { useWebhooksApi } from './useWebhooksApi.ts';
import { WebhookStateBadge } from './WebhookBadges.tsx';
import { WebhookEditor } from './WebhookEditor.tsx';
import { draftOf, newDraft } from './webhookDraft.ts';
import '../integrations.css';

/** /integrations/webhooks/new and /integrations/webhooks/:webhookId (settings with preview, secret, delivery log). */
export default function WebhookPage({ webhookId }: { webhookId: string | null }) {
  const { t } = useTranslation();
  const { state } = useSession();
  const user = state.status === 'signedIn' ? state.user : null;
  if (!user || !canBuild(user)) {
    return (
      <main className="fl-main">
        <div className="fl-alert fl-alert--error" role="alert">
          {t('integrations.buildersOnly')}
        </div>
      </main>
    );
  }
  return webhookId ? <ExistingWebhook webhookId={webhookId} /> : <NewWebhook />;
}

function PageHead({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="fl-page-head fl-int-head">
        <div className="fl-page-head__text">
          <div className="fl-breadcrumb">
            <Link to="/integrations">{t('webhooks.editor.back')}</Link>
          </div>
          <h1 className="fl-int-title">{title}</h1>
        </div>
        {children && <div className="fl-page-head__actions">{children}</div>}
      </div>
      <IntegrationsTabs />
    </>
  );
}

function NewWebhook() {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const navigate = useNavigate();
  const params = new URLSearchParams(useLocation().search);
  const [initial] = useState(() => newDraft({ appId: params.get('appId'), formId: params.get('formId') }));
  return (
    <main className="fl-main fl-int">
      <PageHead title={t('webhooks.editor.titleNew')} />
      <WebhookEditor
        initial={initial}
        isNew
        save={async (body) => {
          const created = await webhooks.create(body);
          rememberFreshSecret(created.id, created.secret);
          navigate(`/integrations/webhooks/${created.id}`, { replace: true });
        }}
      />
    </main>
  );
}

type Tab = 'settings' | 'deliveries';

function ExistingWebhook({ webhookId }: { webhookId: string }) {
  const { t } = useTranslation();
  const webhooks = useWebhooksApi();
  const navigate = useNavigate();
  const { search } = useLocation();
  const tab: Tab = new URLSearchParams(search).get('tab') === 'deliveries' ? 'deliveries' : 'settings';
  const [fresh] = useState(() => takeFreshSecret(webhookId));
  const loaded = useAsync(() => webhooks.get(webhookId), [webhooks, webhookId]);
  const [current, setCurrent] = useState<WebhookSubscription | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.status === 'loading')
    return (
      <main className="fl-main">
        <Loading />
      </main>
    );
  if (loaded.status === 'error')
    return (
      <main className="fl-main">
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </main>
    );
  const webhook = current ?? loaded.data;

  const act = async (run: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await run();
    } catch (err) {
      setActionError(err instanceof ApiError ? err.message : t('errors.generic'));
    } finally {
      setBusy(false);
    }
  };
  const toggle = () => act(async () => setCurrent(await webhooks.update(webhookId, { enabled: !webhook.enabled })));
  const remove = () =>
    act(async () => {
      await webhooks.remove(webhookId);
      navigate('/integrations', { replace: true });
    });

  return (
    <main className="fl-main fl-int">
      <PageHead title={webhook.description || webhook.url}>
        <WebhookStateBadge webhook={webhook} />
        <button type="button" className="fl-btn fl-btn--secondary" onClick={toggle} disabled={busy} aria-pressed={webhook.enabled}>
          {webhook.enabled ? t('webhooks.editor.turnOff') : t('webhooks.editor.turnOn')}
        </button>
        <button type="button" className="fl-btn fl-btn--ghost fl-int-danger" onClick={() => setConfirmDelete(true)} disabled={busy}>
          {t('webhooks.editor.delete')}
        </button>
      </PageHead>
      {webhook.description && <p className="fl-int-url fl-int-subtitle">{webhook.url}</p>}
      {confirmDelete && (
        <div className="fl-alert fl-alert--warning fl-int-confirm" role="alertdialog" aria-label={t('webhooks.editor.delete')}>
          {t('webhooks.editor.deleteConfirm')}
          <div className="fl-alert__actions fl-int-actions">
            <button type="button" className="fl-btn fl-btn--primary fl-int-danger-btn" onClick={remove} disabled={busy}>
              {t('webhooks.editor.deleteYes')}
            </button>
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setConfirmDelete(false)}>
              {t('webhooks.editor.cancel')}
            </button>
          </div>
        </div>
      )}
      {actionError && (
        <div className="fl-alert fl-alert--error" role="alert">
          {actionError}
        </div>
      )}
      <SecretPanel webhookId={webhookId} fresh={fresh} />
      <div className="fl-int-subtabs" role="tablist" aria-label={t('webhooks.editor.titleEdit')}>
        {(['settings', 'deliveries'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`fl-int-subtab${tab === name ? ' fl-int-subtab--on' : ''}`}
            onClick={() =>
              navigate(`/integrations/webhooks/${webhookId}${name === 'deliveries' ? '?tab=deliveries' : ''}`, { replace: true })
            }
          >
            {t(`webhooks.editor.tabs.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'settings' ? (
        <WebhookEditor initial={draftOf(webhook)} isNew={false} save={async (body) => setCurrent(await webhooks.update(webhookId, body))} />
      ) : (
        <DeliveryLog webhookId={webhookId} />
      )}
    </main>
  );
}

import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocation, useNavigate } from '../../../router/Router.tsx';
import { canBuild, useSession } from '../../../session/SessionProvider.tsx';
import { IntegrationsTabs } from '../IntegrationsTabs.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';
import { QuickBooksConnectionPanel } from './QuickBooksConnectionPanel.tsx';
import { QuickBooksMappingEditor } from './QuickBooksMappingEditor.tsx';
import { QuickBooksMappings } from './QuickBooksMappings.tsx';
import '../integrations.css';
import '../connectors/connectors.css';

const PATH = '/integrations/quickbooks';

/**
 * /integrations/quickbooks: the Intuit app's keys, the connected companies (OAuth; `?connected=` /
 * `?error=` when Intuit sends the browser back), and the form mappings (`?form=<id>` opens one).
 */
export default function QuickBooksPage() {
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
  return <QuickBooksScreen isAdmin={user.role === 'admin'} />;
}

function QuickBooksScreen({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { quickbooks } = useRequiredConnectorsApi();
  const params = new URLSearchParams(useLocation().search);
  const navigate = useNavigate();
  const formId = params.get('form');
  const connection = useAsync(() => quickbooks.connection(), [quickbooks]);
  const forbidden = connection.status === 'error' && connection.error instanceof ApiError && connection.error.status === 403;

  return (
    <main className="fl-main fl-int fl-conn">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('quickbooks.title')}</h1>
          <p>{t('quickbooks.intro')}</p>
        </div>
      </div>
      <IntegrationsTabs />
      <Outcome connected={params.get('connected')} error={params.get('error')} onDismiss={() => navigate(PATH, { replace: true })} />
      {connection.status === 'loading' ? (
        <Loading />
      ) : connection.status === 'error' && !forbidden ? (
        <ErrorState error={connection.error} onRetry={connection.reload} />
      ) : formId ? (
        <QuickBooksMappingEditor
          key={formId}
          formId={formId === 'new' ? null : formId}
          connection={connection.status === 'ok' ? connection.data : null}
          onOpen={(id) => navigate(`${PATH}?form=${encodeURIComponent(id)}`, { replace: true })}
          onClose={() => navigate(PATH)}
        />
      ) : (
        <div className="fl-conn-stack">
          {connection.status === 'ok' && isAdmin ? (
            <QuickBooksConnectionPanel connection={connection.data} onChanged={connection.reload} />
          ) : (
            <p className="fl-alert fl-alert--info">{t('quickbooks.adminsConnect')}</p>
          )}
          <QuickBooksMappings onNew={() => navigate(`${PATH}?form=new`)} />
        </div>
      )}
    </main>
  );
}

/** What the OAuth round trip came back with. */
function Outcome({ connected, error, onDismiss }: { connected: string | null; error: string | null; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (!connected && !error) return null;
  const text = connected
    ? t('quickbooks.outcome.connected', { realmId: connected })
    : t(`quickbooks.outcome.errors.${error}`, { defaultValue: t('quickbooks.outcome.errors.other', { code: error }) });
  return (
    <div className={`fl-alert ${connected ? 'fl-alert--info' : 'fl-alert--error'} fl-conn-outcome`} role={connected ? 'status' : 'alert'}>
      <span>{text}</span>
      <button type="button" className="fl-btn fl-btn--ghost" onClick={onDismiss}>
        {t('connectors.dismiss')}
      </button>
    </div>
  );
}

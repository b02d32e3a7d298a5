import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocation, useNavigate } from '../../../router/Router.tsx';
import { canBuild, useSession } from '../../../session/SessionProvider.tsx';
import { IntegrationsTabs } from '../IntegrationsTabs.tsx';
import { useRequiredConnectorsApi } from '../connectors/useConnectorsApi.ts';
import { ShopifyConnectionPanel } from './ShopifyConnectionPanel.tsx';
import { ShopifyMappingEditor } from './ShopifyMappingEditor.tsx';
import { ShopifyMappings } from './ShopifyMappings.tsx';
import '../integrations.css';
import '../connectors/connectors.css';

const PATH = '/integrations/shopify';

/** /integrations/shopify: the store connection (admins) and the form mappings (`?form=<id>` opens one). */
export default function ShopifyPage() {
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
  return <ShopifyScreen isAdmin={user.role === 'admin'} />;
}

function ShopifyScreen({ isAdmin }: { isAdmin: boolean }) {
  const { t } = useTranslation();
  const { shopify } = useRequiredConnectorsApi();
  const navigate = useNavigate();
  const formId = new URLSearchParams(useLocation().search).get('form');
  const connection = useAsync(() => shopify.connection(), [shopify]);
  const forbidden = connection.status === 'error' && connection.error instanceof ApiError && connection.error.status === 403;

  return (
    <main className="fl-main fl-int fl-conn">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('shopify.title')}</h1>
          <p>{t('shopify.intro')}</p>
        </div>
      </div>
      <IntegrationsTabs />
      {connection.status === 'loading' ? (
        <Loading />
      ) : connection.status === 'error' && !forbidden ? (
        <ErrorState error={connection.error} onRetry={connection.reload} />
      ) : formId ? (
        <ShopifyMappingEditor
          key={formId}
          formId={formId === 'new' ? null : formId}
          connection={connection.status === 'ok' ? connection.data : null}
          onOpen={(id) => navigate(`${PATH}?form=${encodeURIComponent(id)}`, { replace: true })}
          onClose={() => navigate(PATH)}
        />
      ) : (
        <div className="fl-conn-stack">
          {connection.status === 'ok' && isAdmin ? (
            <ShopifyConnectionPanel connection={connection.data} onChanged={connection.reload} />
          ) : (
            <p className="fl-alert fl-alert--info">{t('shopify.adminsConnect')}</p>
          )}
          <ShopifyMappings onNew={() => navigate(`${PATH}?form=new`)} />
        </div>
      )}
    </main>
  );
}

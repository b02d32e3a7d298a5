import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useSession } from '../../../session/SessionProvider.tsx';
import { SsoSettingsForm } from './SsoSettingsForm.tsx';
import { ssoApiOf } from './ssoApi.ts';
import './SsoPage.css';

/** /admin/sso: the OpenID Connect provider people sign in with (admins only). */
export default function SsoPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { state } = useSession();
  const isAdmin = state.status === 'signedIn' && state.user.role === 'admin';
  const sso = useMemo(() => ssoApiOf(api), [api]);
  const settings = useAsync(async () => (isAdmin && sso ? sso.settings() : null), [sso, isAdmin]);

  if (!isAdmin || !sso) {
    return (
      <main className="fl-main">
        <div className="fl-alert fl-alert--error" role="alert">
          {t('sso.admin.adminsOnly')}
        </div>
      </main>
    );
  }

  return (
    <main className="fl-main fl-sso">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('sso.admin.title')}</h1>
          <p>{t('sso.admin.intro')}</p>
        </div>
      </div>
      {settings.status === 'loading' && <Loading />}
      {settings.status === 'error' && <ErrorState error={settings.error} onRetry={settings.reload} />}
      {settings.status === 'ok' && settings.data && <SsoSettingsForm api={sso} initial={settings.data} />}
    </main>
  );
}

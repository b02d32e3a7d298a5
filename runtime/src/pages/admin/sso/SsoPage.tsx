import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminOnly } from '../../../components/AdminOnly.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { SsoSettingsForm } from './SsoSettingsForm.tsx';
import { ssoApiOf, type SsoApi } from './ssoApi.ts';
import './SsoPage.css';

/** /admin/sso: the OpenID Connect provider people sign in with (admins only). */
export default function SsoPage() {
  const { t } = useTranslation();
  const api = useApi();
  const sso = useMemo(() => ssoApiOf(api), [api]);
  // A client without raw requests (a test double) has no settings to show.
  return <AdminOnly refusal={t('sso.admin.adminsOnly')}>{sso && <SsoAdmin sso={sso} />}</AdminOnly>;
}

function SsoAdmin({ sso }: { sso: SsoApi }) {
  const { t } = useTranslation();
  const settings = useAsync(() => sso.settings(), [sso]);

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

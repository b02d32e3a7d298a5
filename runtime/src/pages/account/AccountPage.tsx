import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { SessionsList } from './SessionsList.tsx';
import { securityApiOf } from './securityApi.ts';
import './AccountPage.css';

/** /account: change your password (the policy shown) and see or end where you are signed in. */
export default function AccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { state } = useSession();
  const security = useMemo(() => securityApiOf(api), [api]);
  const policy = useAsync(() => security.passwordPolicy(), [security]);
  const sessions = useAsync(() => security.mySessions(), [security]);
  const user = state.status === 'signedIn' ? state.user : null;

  return (
    <main className="fl-main fl-account">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('account.title')}</h1>
          {user && <p>{t('account.intro', { name: user.name, email: user.email })}</p>}
        </div>
      </div>

      <section className="fl-card fl-panel fl-account__section" aria-labelledby="account-password">
        <h2 id="account-password">{t('account.password.title')}</h2>
        {policy.status === 'loading' && <Loading />}
        {policy.status === 'error' && <ErrorState error={policy.error} onRetry={policy.reload} />}
        {policy.status === 'ok' &&
          (policy.data.canChangePassword ? (
            <ChangePasswordForm api={security} policy={policy.data} onChanged={sessions.reload} />
          ) : (
            <p className="fl-alert fl-alert--info">
              {t(policy.data.authSource === 'local' ? 'account.password.managedBySso' : 'account.password.managedByDirectory')}
            </p>
          ))}
      </section>

      <section className="fl-card fl-panel fl-account__section" aria-labelledby="account-sessions">
        <h2 id="account-sessions">{t('account.sessions.title')}</h2>
        <p className="fl-account__muted">{t('account.sessions.intro')}</p>
        {sessions.status === 'loading' && <Loading />}
        {sessions.status === 'error' && <ErrorState error={sessions.error} onRetry={sessions.reload} />}
        {sessions.status === 'ok' && <SessionsList api={security} sessions={sessions.data} onChanged={sessions.reload} />}
      </section>
    </main>
  );
}

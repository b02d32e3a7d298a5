import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useSession } from '../../../session/SessionProvider.tsx';
import { directorySyncApiOf, type DirectorySettings } from './directoryApi.ts';
import { DirectorySettingsForm } from './DirectorySettingsForm.tsx';
import { SyncHistory } from './SyncHistory.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import './DirectoryPage.css';

/** /admin/directory: LDAP / Active Directory connection, dry run, sync now and the run history (admins only). */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { state } = useSession();
  const isAdmin = state.status === 'signedIn' && state.user.role === 'admin';
  const directory = useMemo(() => directorySyncApiOf(api), [api]);
  const loaded = useAsync(async () => (isAdmin && directory ? directory.settings() : null), [directory, isAdmin]);
  const runs = useAsync(async () => (isAdmin && directory ? directory.runs() : []), [directory, isAdmin]);
  const [saved, setSaved] = useState<DirectorySettings | null | undefined>(undefined);

  if (!isAdmin || !directory) {
    return (
      <main className="fl-main">
        <div className="fl-alert fl-alert--error" role="alert">
          {t('directorySync.adminsOnly')}
        </div>
      </main>
    );
  }
  const current = saved !== undefined ? saved : loaded.status === 'ok' ? loaded.data : null;

  return (
    <main className="fl-main fl-dirsync">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('directorySync.title')}</h1>
          <p>{t('directorySync.intro')}</p>
        </div>
      </div>
      {loaded.status === 'loading' && <Loading />}
      {loaded.status === 'error' && <ErrorState error={loaded.error} onRetry={loaded.reload} />}
      {loaded.status === 'ok' && (
        <div className="fl-dirsync__layout">
          <DirectorySettingsForm api={directory} initial={loaded.data} onSaved={setSaved} />
          <SyncPanel api={directory} configured={Boolean(current)} onRan={runs.reload} />
          <SyncHistory state={runs} />
        </div>
      )}
    </main>
  );
}

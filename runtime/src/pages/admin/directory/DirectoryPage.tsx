import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminOnly } from '../../../components/AdminOnly.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { directorySyncApiOf, type DirectorySettings, type DirectorySyncApi } from './directoryApi.ts';
import { DirectorySettingsForm } from './DirectorySettingsForm.tsx';
import { SyncHistory } from './SyncHistory.tsx';
import { SyncPanel } from './SyncPanel.tsx';
import './DirectoryPage.css';

/** /admin/directory: LDAP / Active Directory connection, dry run, sync now and the run history (admins only). */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const api = useApi();
  const directory = useMemo(() => directorySyncApiOf(api), [api]);
  // A client without raw requests (a test double) has no settings to show.
  return <AdminOnly refusal={t('directorySync.adminsOnly')}>{directory && <DirectoryAdmin directory={directory} />}</AdminOnly>;
}

function DirectoryAdmin({ directory }: { directory: DirectorySyncApi }) {
  const { t } = useTranslation();
  const loaded = useAsync(() => directory.settings(), [directory]);
  const runs = useAsync(() => directory.runs(), [directory]);
  const [saved, setSaved] = useState<DirectorySettings | null | undefined>(undefined);
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

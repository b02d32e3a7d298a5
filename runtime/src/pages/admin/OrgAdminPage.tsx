import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { directoryApiOf } from '../../api/directory.ts';
import { AdminOnly } from '../../components/AdminOnly.tsx';
import { AdminSections } from '../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { DepartmentsPanel } from './DepartmentsPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { orgAdminApiOf, type OrgImportPreview } from './orgAdminApi.ts';
import { PeoplePanel } from './PeoplePanel.tsx';
import './OrgAdminPage.css';

const TABS = ['departments', 'people', 'import'] as const;
type Tab = (typeof TABS)[number];

/** /admin/org: the department tree, the people in it, and the org-chart CSV import (admins only). */
export default function OrgAdminPage() {
  const { t } = useTranslation();
  return (
    <AdminOnly refusal={t('admin.adminsOnly')}>
      <OrgAdmin />
    </AdminOnly>
  );
}

function OrgAdmin() {
  const { t } = useTranslation();
  const api = useApi();
  const admin = useMemo(() => orgAdminApiOf(api), [api]);
  const [tab, setTab] = useState<Tab>('departments');
  const [imported, setImported] = useState<OrgImportPreview | null>(null);
  const chart = useAsync(async () => {
    const [departments, users] = await Promise.all([admin.departments(), admin.users()]);
    return { departments, users };
  }, [admin]);

  // After any change: the pickers' shared tree and positions are stale, and the lists reload.
  const [round, setRound] = useState(0);
  const changed = useCallback(() => {
    directoryApiOf(api).forget();
    setRound((n) => n + 1);
    chart.reload();
  }, [api, chart]);

  return (
    <main className="fl-main fl-org">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('admin.title')}</h1>
          <p>{t('admin.intro')}</p>
        </div>
      </div>
      {imported && (
        <div className="fl-alert fl-alert--info fl-org__notice" role="status">
          {t('admin.import.done', {
            created: imported.summary.create,
            updated: imported.summary.update,
            departments: imported.departmentsToCreate.length,
          })}
        </div>
      )}
      <div className="fl-org__tabs" role="tablist" aria-label={t('admin.title')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`org-tab-${name}`}
            aria-controls={`org-panel-${name}`}
            aria-selected={tab === name}
            className={`fl-org__tab${tab === name ? ' fl-org__tab--on' : ''}`}
            onClick={() => setTab(name)}
          >
            {t(`admin.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`org-panel-${tab}`} aria-labelledby={`org-tab-${tab}`} className="fl-org__panel" key={`${tab}-${round}`}>
        {tab === 'import' ? (
          <ImportPanel
            api={admin}
            onImported={(result) => {
              setImported(result);
              changed();
              setTab('departments');
            }}
          />
        ) : chart.status === 'loading' ? (
          <Loading />
        ) : chart.status === 'error' ? (
          <ErrorState error={chart.error} onRetry={chart.reload} />
        ) : tab === 'departments' ? (
          <DepartmentsPanel api={admin} departments={chart.data.departments} users={chart.data.users} onChanged={changed} />
        ) : (
          <PeoplePanel api={admin} departments={chart.data.departments} users={chart.data.users} onChanged={changed} />
        )}
      </div>
    </main>
  );
}

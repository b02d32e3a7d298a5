// First, so page styles (imported by the pages below) come after it and win at equal specificity.
import './styles/global.css';
import { lazy, Suspense, type ReactNode } from 'react';
import type { ApiClient } from './api/client.ts';
import { ApiProvider } from './api/ApiContext.tsx';
import { Header } from './components/Header.tsx';
import { ErrorState, Loading } from './components/States.tsx';
import { FormKitProvider, type FormKitLoader } from './form/FormKit.tsx';
import type { i18n } from 'i18next';
import { LocaleProvider } from './i18n/LocaleProvider.tsx';
import { OfflineProvider } from './offline/OfflineProvider.tsx';
import { OfflineBanner } from './offline/OutboxBadge.tsx';
import type { LocalFileStore } from './offline/localFiles.ts';
import type { OutboxStore } from './offline/outboxTypes.ts';
import AppPage from './pages/AppPage.tsx';
import HomePage from './pages/HomePage.tsx';
import LoginPage from './pages/LoginPage.tsx';
import NotFoundPage from './pages/NotFoundPage.tsx';
import SubmissionsPage from './pages/SubmissionsPage.tsx';
import TemplatesPage from './pages/TemplatesPage.tsx';
import type { RouterHistory } from './router/history.ts';
import { resolveRoute, type Route, type RouteParams } from './router/match.ts';
import { Navigate, Router, useLocation } from './router/Router.tsx';
import { SessionProvider, useSession } from './session/SessionProvider.tsx';

// The fill page carries rjsf; it is fetched when first needed.
const FillFormPage = lazy(() => import('./pages/FillFormPage.tsx'));
// The import wizard is for the few who bulk-load data; fetched when opened.
const ImportPage = lazy(() => import('./pages/import/ImportPage.tsx'));
// The stock pages load the scanner and the item form only when a warehouse person opens them.
const ScanStockPage = lazy(() => import('./pages/inventory/ScanStockPage.tsx'));
const LowStockPage = lazy(() => import('./pages/inventory/LowStockPage.tsx'));
const StockCardPage = lazy(() => import('./pages/inventory/StockCardPage.tsx'));
const OutboxPage = lazy(() => import('./offline/OutboxPage.tsx'));
const RecordPage = lazy(() => import('./pages/records/RecordPage.tsx'));
const PrintRecordPage = lazy(() => import('./pages/records/PrintRecordPage.tsx'));
const InboxPage = lazy(() => import('./pages/inbox/InboxPage.tsx'));
const TaskPage = lazy(() => import('./pages/inbox/TaskPage.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage.tsx'));
const PeriodsPage = lazy(() => import('./pages/collections/PeriodsPage.tsx'));
const PeriodPage = lazy(() => import('./pages/collections/PeriodPage.tsx'));
const OrgAdminPage = lazy(() => import('./pages/admin/OrgAdminPage.tsx'));
const IntegrationsPage = lazy(() => import('./pages/integrations/IntegrationsPage.tsx'));
const WebhookPage = lazy(() => import('./pages/integrations/webhooks/WebhookPage.tsx'));
const ShopifyPage = lazy(() => import('./pages/integrations/shopify/ShopifyPage.tsx'));
const QuickBooksPage = lazy(() => import('./pages/integrations/quickbooks/QuickBooksPage.tsx'));
const FormReportPage = lazy(() => import('./pages/reports/FormReportPage.tsx'));
const ReportsHomePage = lazy(() => import('./pages/reports/ReportsHomePage.tsx'));
const ReportBuilderPage = lazy(() => import('./pages/reports/ReportBuilderPage.tsx'));
const DashboardPage = lazy(() => import('./pages/reports/DashboardPage.tsx'));
const DirectoryPage = lazy(() => import('./pages/admin/directory/DirectoryPage.tsx'));
const SsoPage = lazy(() => import('./pages/admin/sso/SsoPage.tsx'));
const SecurityPage = lazy(() => import('./pages/admin/security/SecurityPage.tsx'));
const AuditPage = lazy(() => import('./pages/admin/audit/AuditPage.tsx'));
const TrustRootsPage = lazy(() => import('./pages/admin/signatures/TrustRootsPage.tsx'));
const AppPermissionsPage = lazy(() => import('./pages/permissions/AppPermissionsPage.tsx'));
const AccountPage = lazy(() => import('./pages/account/AccountPage.tsx'));
const VerifyPage = lazy(() => import('./pages/signatures/VerifyPage.tsx'));

interface Page {
  /** Reachable without a session (only the sign-in page). */
  public?: boolean;
  render: (params: RouteParams) => ReactNode;
}

export const routes: readonly Route<Page>[] = [
  { path: '/login', value: { public: true, render: () => <LoginPage /> } },
  { path: '/', value: { render: () => <HomePage /> } },
  { path: '/templates', value: { render: () => <TemplatesPage /> } },
  { path: '/apps/:appId', value: { render: (p) => <AppPage key={p.appId} appId={p.appId} /> } },
  { path: '/f/:formId', value: { render: (p) => <FillFormPage key={p.formId} formId={p.formId} /> } },
  { path: '/outbox', value: { render: () => <OutboxPage /> } },
  { path: '/f/:formId/submissions', value: { render: (p) => <SubmissionsPage key={p.formId} formId={p.formId} /> } },
  { path: '/f/:formId/import', value: { render: (p) => <ImportPage key={p.formId} formId={p.formId} /> } },
  { path: '/stock/:formId', value: { render: (p) => <ScanStockPage key={p.formId} formId={p.formId} /> } },
  { path: '/stock/:formId/low', value: { render: (p) => <LowStockPage key={p.formId} formId={p.formId} /> } },
  {
    path: '/stock/:formId/card/:itemId',
    value: { render: (p) => <StockCardPage key={`${p.formId}/${p.itemId}`} formId={p.formId} itemId={p.itemId} /> },
  },
  { path: '/r/:submissionId', value: { render: (p) => <RecordPage key={p.submissionId} submissionId={p.submissionId} /> } },
  { path: '/inbox', value: { render: () => <InboxPage /> } },
  { path: '/tasks/:taskId', value: { render: (p) => <TaskPage key={p.taskId} taskId={p.taskId} /> } },
  { path: '/notifications', value: { render: () => <NotificationsPage /> } },
  { path: '/f/:formId/periods', value: { render: (p) => <PeriodsPage key={p.formId} formId={p.formId} /> } },
  {
    path: '/f/:formId/periods/:periodKey',
    value: { render: (p) => <PeriodPage key={`${p.formId}/${p.periodKey}`} formId={p.formId} periodKey={p.periodKey} /> },
  },
  { path: '/admin/org', value: { render: () => <OrgAdminPage /> } },
  { path: '/admin/directory', value: { render: () => <DirectoryPage /> } },
  { path: '/admin/sso', value: { render: () => <SsoPage /> } },
  { path: '/admin/security', value: { render: () => <SecurityPage /> } },
  { path: '/admin/audit', value: { render: () => <AuditPage /> } },
  { path: '/admin/signatures', value: { render: () => <TrustRootsPage /> } },
  { path: '/apps/:appId/permissions', value: { render: (p) => <AppPermissionsPage key={p.appId} appId={p.appId} /> } },
  { path: '/account', value: { render: () => <AccountPage /> } },
  { path: '/verify', value: { render: () => <VerifyPage /> } },
  { path: '/integrations', value: { render: () => <IntegrationsPage /> } },
  { path: '/integrations/webhooks/new', value: { render: () => <WebhookPage key="new" webhookId={null} /> } },
  { path: '/integrations/webhooks/:webhookId', value: { render: (p) => <WebhookPage key={p.webhookId} webhookId={p.webhookId} /> } },
  { path: '/integrations/shopify', value: { render: () => <ShopifyPage /> } },
  { path: '/integrations/quickbooks', value: { render: () => <QuickBooksPage /> } },
  { path: '/f/:formId/report', value: { render: (p) => <FormReportPage key={p.formId} formId={p.formId} /> } },
  { path: '/reports', value: { render: () => <ReportsHomePage /> } },
  { path: '/reports/new', value: { render: () => <ReportBuilderPage key="new" reportId={null} /> } },
  { path: '/reports/:reportId', value: { render: (p) => <ReportBuilderPage key={p.reportId} reportId={p.reportId} /> } },
  { path: '/dashboards/:dashboardId', value: { render: (p) => <DashboardPage key={p.dashboardId} dashboardId={p.dashboardId} /> } },
  { path: '/r/:submissionId/print', value: { render: (p) => <PrintRecordPage key={p.submissionId} submissionId={p.submissionId} /> } },
];

/** Everything the app gets from outside: swap any of them in tests. */
export interface AppDependencies {
  api: ApiClient;
  i18n: i18n;
  history: RouterHistory;
  loadFormKit: FormKitLoader;
  storage: Pick<Storage, 'setItem'> | null;
  /** Where submissions made offline wait (IndexedDB in the browser); in memory when left out. */
  outboxStore?: OutboxStore;
  localFileStore?: LocalFileStore;
}

export function App({ api, i18n, history, loadFormKit, storage, outboxStore, localFileStore }: AppDependencies) {
  return (
    <ApiProvider client={api}>
      <LocaleProvider i18n={i18n} storage={storage}>
        <FormKitProvider load={loadFormKit}>
          <Router history={history}>
            <SessionProvider>
              <OfflineProvider store={outboxStore} files={localFileStore}>
                <Header />
                <OfflineBanner />
                <Suspense fallback={<Loading />}>
                  <CurrentPage />
                </Suspense>
              </OfflineProvider>
            </SessionProvider>
          </Router>
        </FormKitProvider>
      </LocaleProvider>
    </ApiProvider>
  );
}

function CurrentPage() {
  const { pathname, search } = useLocation();
  const { state, retry } = useSession();
  const match = resolveRoute(routes, pathname);
  if (!match) return <NotFoundPage />;
  if (match.route.value.public) return <>{match.route.value.render(match.params)}</>;

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={retry} />
      </main>
    );
  }
  if (state.status === 'signedOut') {
    const here = pathname + search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
  }
  return <>{match.route.value.render(match.params)}</>;
}

import { Suspense, lazy, useEffect, type ReactNode } from 'react';
import type { i18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  ApiProvider,
  EmptyState,
  ErrorState,
  FormKitProvider,
  Loading,
  LocaleProvider,
  Router,
  canBuild,
  resolveRoute,
  useLocation,
  useSession,
  SessionProvider,
  type FormKitLoader,
  type HttpApiClient,
  type Route,
  type RouteParams,
  type RouterHistory,
} from '@formloom/runtime';
import { DesignerApiProvider } from './api/DesignerApiContext.tsx';
import { designerApi } from './api/designerApi.ts';
import { BuilderHeader } from './components/BuilderHeader.tsx';
import HomePage from './pages/HomePage.tsx';

const DesignerPage = lazy(() => import('./pages/DesignerPage.tsx'));

export const routes: readonly Route<(p: RouteParams) => ReactNode>[] = [
  { path: '/builder', value: () => <HomePage /> },
  { path: '/builder/', value: () => <HomePage /> },
  { path: '/builder/forms/:formId', value: (p) => <DesignerPage key={p.formId} formId={p.formId} /> },
];

export interface BuilderDependencies {
  http: HttpApiClient;
  i18n: i18n;
  history: RouterHistory;
  loadFormKit: FormKitLoader;
  storage: Pick<Storage, 'setItem'> | null;
  /** Leaves this app (to sign in): a full page load in the browser, recorded in tests. */
  leave?: (url: string) => void;
}

export function BuilderApp({
  http,
  i18n,
  history,
  loadFormKit,
  storage,
  leave = (url) => window.location.assign(url),
}: BuilderDependencies) {
  return (
    <ApiProvider client={http}>
      <DesignerApiProvider api={designerApi(http)}>
        <LocaleProvider i18n={i18n} storage={storage}>
          <FormKitProvider load={loadFormKit}>
            <Router history={history}>
              <SessionProvider>
                <BuilderHeader />
                <Suspense fallback={<Loading />}>
                  <CurrentPage leave={leave} />
                </Suspense>
              </SessionProvider>
            </Router>
          </FormKitProvider>
        </LocaleProvider>
      </DesignerApiProvider>
    </ApiProvider>
  );
}

function CurrentPage({ leave }: { leave: (url: string) => void }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const { state, retry } = useSession();
  const signedOut = state.status === 'signedOut';
  useEffect(() => {
    // Signing in happens in the runtime's page, which sends the person back here afterwards.
    if (signedOut) leave(`/login?next=${encodeURIComponent(pathname + search)}`);
  }, [signedOut, leave, pathname, search]);

  if (state.status === 'loading' || signedOut) return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={retry} />
      </main>
    );
  }
  if (!canBuild(state.user)) {
    return (
      <main className="fl-main fl-main--narrow">
        <EmptyState title={t('designer.notAllowedTitle')}>{t('designer.notAllowed')}</EmptyState>
      </main>
    );
  }
  const match = resolveRoute(routes, pathname);
  if (!match) return <HomePage />;
  return <>{match.route.value(match.params)}</>;
}

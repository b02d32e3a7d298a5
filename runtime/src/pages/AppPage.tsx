import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import type { App, Form } from '../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link } from '../router/Router.tsx';
import { canBuild, useSession } from '../session/SessionProvider.tsx';
import { formTitle } from './formTitle.ts';
import { hasStockLedger } from './inventory/ledger.ts';
import { StockLinks } from './inventory/StockLinks.tsx';
import './cards.css';

export default function AppPage({ appId }: { appId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const state = useAsync(() => Promise.all([api.getApp(appId), api.listForms(appId)]), [api, appId]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const [app, forms] = state.data;
  return (
    <main className="fl-main">
      <div className="fl-breadcrumb">
        <Link to="/">{t('common.backToApps')}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{app.name}</h1>
          {app.description && <p>{app.description}</p>}
        </div>
        {app.permissions.canEdit && (
          <Link
            className="fl-btn fl-btn--secondary"
            to={`/apps/${encodeURIComponent(app.id)}/permissions`}
            aria-label={t('permissions.linkNamed', { name: app.name })}
          >
            {t('permissions.link')}
          </Link>
        )}
      </div>
      {forms.length === 0 ? (
        <EmptyState title={t('app.emptyTitle')}>
          <p>{t('app.empty')}</p>
        </EmptyState>
      ) : (
        <ul className="fl-card fl-form-list" aria-label={t('app.forms')}>
          {forms.map((form) => (
            <li key={form.id}>
              <FormRow app={app} form={form} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function FormRow({ app, form }: { app: App; form: Form }) {
  const { state } = useSession();
  // Webhooks and connector mappings of the form: for its app's editors who may open the integrations pages.
  const managesIntegrations = app.permissions.canEdit && state.status === 'signedIn' && canBuild(state.user);
  const { t } = useTranslation();
  const { locale } = useLocale();
  const path = `/f/${encodeURIComponent(form.id)}`;
  const published = form.published;
  return (
    <div className="fl-form-row">
      <div className="fl-form-row__main">
        <span className="fl-form-row__title">{formTitle(form, locale)}</span>
        <span className="fl-form-row__meta">
          {published ? (
            <span className="fl-badge fl-badge--ok">{t('app.publishedVersion', { version: published.version })}</span>
          ) : (
            <span className="fl-badge">{t('app.notPublished')}</span>
          )}
        </span>
      </div>
      {published && (
        <div className="fl-form-row__actions">
          {app.permissions.canFill && (
            <Link className="fl-btn fl-btn--primary" to={path} aria-label={t('app.fillNamed', { name: formTitle(form, locale) })}>
              {t('app.fill')}
            </Link>
          )}
          <Link
            className="fl-btn fl-btn--secondary"
            to={`${path}/submissions`}
            aria-label={t('app.submissionsNamed', { name: formTitle(form, locale) })}
          >
            {t('app.submissions')}
          </Link>
          <Link
            className="fl-btn fl-btn--secondary"
            to={`${path}/report`}
            aria-label={t('reports.linkNamed', { name: formTitle(form, locale) })}
          >
            {t('reports.link')}
          </Link>
          {app.permissions.canViewAll && (
            <Link
              className="fl-btn fl-btn--secondary"
              to={`${path}/import`}
              aria-label={t('import.linkNamed', { name: formTitle(form, locale) })}
            >
              {t('import.link')}
            </Link>
          )}
          {managesIntegrations && (
            <Link
              className="fl-btn fl-btn--secondary"
              to={`/integrations?formId=${encodeURIComponent(form.id)}`}
              aria-label={t('integrations.formLinkNamed', { name: formTitle(form, locale) })}
            >
              {t('integrations.formLink')}
            </Link>
          )}
        </div>
      )}
      {published && hasStockLedger(form) && <StockLinks form={form} name={formTitle(form, locale)} />}
    </div>
  );
}

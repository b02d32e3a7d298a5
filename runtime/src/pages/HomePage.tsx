import { useTranslation } from 'react-i18next';
import { useApi } from '../api/ApiContext.tsx';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { Link } from '../router/Router.tsx';
import { canBuild, useUser } from '../session/SessionProvider.tsx';
import { DueToday } from './collections/DueToday.tsx';
import './cards.css';

export default function HomePage() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const apps = useAsync(() => api.listApps(), [api]);
  const builder = canBuild(user);

  return (
    <main className="fl-main">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('home.title')}</h1>
          <p>{t('home.greeting', { name: user.name || user.email })}</p>
        </div>
      </div>
      <DueToday />

      {apps.status === 'loading' && <Loading />}
      {apps.status === 'error' && <ErrorState error={apps.error} onRetry={apps.reload} />}
      {apps.status === 'ok' && apps.data.length === 0 && (
        <EmptyState title={t('home.emptyTitle')}>
          <p>{builder ? t('home.emptyBuilder') : t('home.emptyMember')}</p>
          {builder && (
            <Link className="fl-btn fl-btn--primary" to="/templates">
              {t('home.browseTemplates')}
            </Link>
          )}
        </EmptyState>
      )}
      {apps.status === 'ok' && apps.data.length > 0 && (
        <ul className="fl-grid fl-cards" aria-label={t('home.title')}>
          {apps.data.map((app) => (
            <li key={app.id}>
              <Link className="fl-card fl-tile" to={`/apps/${encodeURIComponent(app.id)}`}>
                <span className="fl-tile__mark" aria-hidden="true">
                  {app.name.trim().charAt(0).toUpperCase() || '·'}
                </span>
                <span className="fl-tile__body">
                  <span className="fl-tile__title">{app.name}</span>
                  {app.description && <span className="fl-tile__text">{app.description}</span>}
                </span>
              </Link>
            </li>
          ))}
          {builder && (
            <li>
              <Link className="fl-card fl-tile fl-tile--dashed" to="/templates">
                <span className="fl-tile__mark fl-tile__mark--plain" aria-hidden="true">
                  ＋
                </span>
                <span className="fl-tile__body">
                  <span className="fl-tile__title">{t('home.templatesTile')}</span>
                  <span className="fl-tile__text">{t('home.templatesTileText')}</span>
                </span>
              </Link>
            </li>
          )}
        </ul>
      )}
    </main>
  );
}

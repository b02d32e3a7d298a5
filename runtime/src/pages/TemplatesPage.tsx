import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '@formloom/schemas';
import { useApi } from '../api/ApiContext.tsx';
import { ApiError, NetworkError } from '../api/errors.ts';
import type { TemplateSummary } from '../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { useNavigate } from '../router/Router.tsx';
import './cards.css';

export default function TemplatesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const templates = useAsync(() => api.listTemplates(), [api]);

  return (
    <main className="fl-main">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('templates.title')}</h1>
          <p>{t('templates.lead')}</p>
        </div>
      </div>
      {templates.status === 'loading' && <Loading />}
      {templates.status === 'error' && <ErrorState error={templates.error} onRetry={templates.reload} />}
      {templates.status === 'ok' && templates.data.length === 0 && <EmptyState title={t('templates.empty')} />}
      {templates.status === 'ok' && templates.data.length > 0 && (
        <ul className="fl-grid fl-cards">
          {templates.data.map((tpl) => (
            <li key={tpl.id}>
              <TemplateCard template={tpl} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function TemplateCard({ template }: { template: TemplateSummary }) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const [installing, setInstalling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = localized(template.name, locale);

  const install = async () => {
    setInstalling(true);
    setError(null);
    try {
      const { app } = await api.installTemplate(template.id);
      navigate(`/apps/${encodeURIComponent(app.id)}`);
    } catch (err) {
      setInstalling(false);
      if (err instanceof ApiError && err.status === 403) setError(t('templates.forbidden'));
      else if (err instanceof NetworkError) setError(t('errors.network'));
      else setError(t('templates.installFailed'));
    }
  };

  return (
    <article className="fl-card fl-template" aria-labelledby={`tpl-${template.id}`}>
      <h2 id={`tpl-${template.id}`}>{name}</h2>
      <p>{localized(template.description, locale)}</p>
      {template.forms.length > 0 && (
        <ul className="fl-template__forms" aria-label={t('templates.formsIncluded', { count: template.forms.length })}>
          {template.forms.map((f) => (
            <li key={f.key} className="fl-badge">
              {localized(f.name, locale)}
            </li>
          ))}
        </ul>
      )}
      <div className="fl-template__foot">
        {error && (
          <div className="fl-alert fl-alert--error" role="alert">
            {error}
          </div>
        )}
        <button
          type="button"
          className="fl-btn fl-btn--primary fl-btn--block"
          onClick={install}
          disabled={installing}
          aria-label={t('templates.installNamed', { name })}
        >
          {installing ? t('templates.installing') : t('templates.install')}
        </button>
      </div>
    </article>
  );
}

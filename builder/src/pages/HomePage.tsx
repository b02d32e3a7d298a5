import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Link, Loading, useAsync, useLocale, useNavigate, type App, type Form } from '@formloom/runtime';
import { blankForm } from '../api/designerApi.ts';
import { useDesignerApi } from '../api/DesignerApiContext.tsx';

/** The designer's start: the apps the person may edit, their forms, and "new app" / "new form". */
export default function HomePage() {
  const { t } = useTranslation();
  const api = useDesignerApi();
  const state = useAsync(async () => {
    const apps = (await api.listApps()).filter((a) => a.permissions.canEdit);
    return Promise.all(apps.map(async (app) => ({ app, forms: await api.listForms(app.id) })));
  }, [api]);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  return (
    <main className="fl-main">
      <h1 className="fl-title">{t('designer.home.title')}</h1>
      <p className="fl-lead">{t('designer.home.lead')}</p>
      <div className="fl-designer-home__actions">
        <NewApp onCreated={state.reload} />
        <a className="fl-btn" href="/templates">
          {t('designer.home.fromTemplate')}
        </a>
      </div>
      {state.data.length === 0 ? (
        <EmptyState title={t('designer.home.noApps')} />
      ) : (
        state.data.map(({ app, forms }) => <AppForms key={app.id} app={app} forms={forms} />)
      )}
    </main>
  );
}

function AppForms({ app, forms }: { app: App; forms: Form[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <section className="fl-card fl-panel fl-designer-app" aria-labelledby={`app-${app.id}`}>
      <h2 id={`app-${app.id}`}>{app.name}</h2>
      {forms.length === 0 ? <p className="fl-muted">{t('designer.home.noForms')}</p> : null}
      <ul className="fl-designer-app__forms">
        {forms.map((form) => {
          const title = formTitle(form, locale);
          return (
            <li key={form.id}>
              <Link to={`/builder/forms/${form.id}`} aria-label={t('designer.home.edit', { name: title })}>
                {title}
              </Link>
              <span className="fl-muted">
                {form.latestVersion ? t('designer.home.published', { version: form.latestVersion }) : t('designer.home.draft')}
              </span>
            </li>
          );
        })}
      </ul>
      <NewForm appId={app.id} />
    </section>
  );
}

/** The form's title in the UI language (its draft's `ui:i18n`), else its name. */
function formTitle(form: Form, locale: string): string {
  const i18n = (form.draft.uiSchema['ui:i18n'] as Record<string, Record<string, string>> | undefined)?.[locale];
  return i18n?.['/schema/title'] ?? form.name;
}

function NewApp({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const api = useDesignerApi();
  return (
    <NameForm
      label={t('designer.home.newAppName')}
      action={t('designer.home.newApp')}
      onSubmit={async (name) => (await api.createApp(name), onCreated())}
    />
  );
}

function NewForm({ appId }: { appId: string }) {
  const { t } = useTranslation();
  const api = useDesignerApi();
  const navigate = useNavigate();
  return (
    <NameForm
      label={t('designer.home.newFormName')}
      action={t('designer.home.newForm')}
      onSubmit={async (name) => navigate(`/builder/forms/${(await api.createForm(appId, name, blankForm(name))).id}`)}
    />
  );
}

/** A one-field "name it and create" form; shows the server's refusal in place. */
function NameForm({ label, action, onSubmit }: { label: string; action: string; onSubmit: (name: string) => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      setName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="fl-designer-new" onSubmit={submit}>
      <input className="fl-input" aria-label={label} placeholder={label} value={name} onChange={(e) => setName(e.target.value)} />
      <button type="submit" className="fl-btn" disabled={busy || !name.trim()}>
        {action}
      </button>
      {error ? <ErrorState error={error} /> : null}
    </form>
  );
}

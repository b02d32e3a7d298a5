import type { Dashboard, DashboardWidget } from '@formloom/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { Link } from '../../../router/Router.tsx';
import { useReportLibrary } from '../builder/useReportLibrary.ts';
import { dashboardName, newWidget } from './layout.ts';
import { Field } from '../builder/Field.tsx';

/**
 * "Add to dashboard": one of the dashboards the person may change, or a new one named here. The report
 * is saved first (`ensureSaved`), since a widget points at a saved report.
 */
export function AddToDashboard({ ensureSaved, onClose }: { ensureSaved: () => Promise<string>; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const library = useReportLibrary();
  const dashboards = useAsync(async () => (await library.listDashboards()).filter((d) => d.canEdit), [library]);
  const [choice, setChoice] = useState<string>('');
  const [name, setName] = useState({ en: '', 'zh-Hant': '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<Dashboard | null>(null);
  const creating = choice === '' || dashboards.status !== 'ok' || dashboards.data.length === 0;

  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const reportId = await ensureSaved();
      let dashboard: Dashboard;
      if (creating) {
        const widget: DashboardWidget = newWidget(reportId, []);
        dashboard = await library.createDashboard({
          name: { en: name.en.trim(), 'zh-Hant': name['zh-Hant'].trim() },
          widgets: [widget],
          shares: [],
        });
      } else {
        const current = await library.getDashboard(choice); // the latest widgets, not the list's copy
        dashboard = await library.updateDashboard(choice, {
          widgets: [...current.widgets, newWidget(reportId, current.widgets)],
          revision: current.revision,
        });
      }
      setAdded(dashboard);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (added) {
    return (
      <div className="fl-alert fl-alert--info fl-rb-dialog" role="status">
        <p>{t('dashboards.add.done', { name: dashboardName(added, locale, t('dashboards.untitled')) })}</p>
        <div className="fl-alert__actions">
          <Link to={`/dashboards/${encodeURIComponent(added.id)}`} className="fl-btn fl-btn--primary">
            {t('dashboards.add.open')}
          </Link>
          <button type="button" className="fl-btn fl-btn--ghost" onClick={onClose}>
            {t('dashboards.close')}
          </button>
        </div>
      </div>
    );
  }

  const nameMissing = creating && !name.en.trim() && !name['zh-Hant'].trim();
  return (
    <form
      className="fl-card fl-rb-dialog"
      aria-label={t('dashboards.add.title')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!nameMissing) void add();
      }}
    >
      <h2>{t('dashboards.add.title')}</h2>
      {dashboards.status === 'ok' && dashboards.data.length > 0 && (
        <Field label={t('dashboards.add.which')}>
          {(id) => (
            <select id={id} className="fl-input" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('dashboards.add.new')}</option>
              {dashboards.data.map((d) => (
                <option key={d.id} value={d.id}>
                  {dashboardName(d, locale, t('dashboards.untitled'))}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {creating && <NameInputs value={name} onChange={setName} />}
      {error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="fl-rb-dialog__actions">
        <button type="button" className="fl-btn fl-btn--ghost" onClick={onClose}>
          {t('dashboards.cancel')}
        </button>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy || nameMissing}>
          {creating ? t('dashboards.add.createAndAdd') : t('dashboards.add.add')}
        </button>
      </div>
    </form>
  );
}

/** A dashboard's name in English and Traditional Chinese. */
export function NameInputs({
  value,
  onChange,
}: {
  value: { en: string; 'zh-Hant': string };
  onChange: (v: { en: string; 'zh-Hant': string }) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="fl-rb-names">
      <Field label={t('dashboards.nameEn')}>
        {(id) => (
          <input
            id={id}
            className="fl-input"
            lang="en"
            maxLength={200}
            value={value.en}
            onChange={(e) => onChange({ ...value, en: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('dashboards.nameZh')}>
        {(id) => (
          <input
            id={id}
            className="fl-input"
            lang="zh-Hant-HK"
            maxLength={200}
            value={value['zh-Hant']}
            onChange={(e) => onChange({ ...value, 'zh-Hant': e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import type { ReportDefinition, SavedReport } from '../../api/reportLibrary.ts';
import type { Form } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { Link, useLocation, useNavigate } from '../../router/Router.tsx';
import { ScopePicker, type Scope } from '../integrations/webhooks/ScopePicker.tsx';
import { BuilderWorkspace } from './builder/BuilderWorkspace.tsx';
import { blankDefinition, decodeDefinition } from './builder/definition.ts';
import { useReportLibrary } from './builder/useReportLibrary.ts';
import './builder/builder.css';

interface Loaded {
  form: Form;
  definition: ReportDefinition;
  saved: SavedReport | null;
}

/**
 * /reports/new?formId=&from= and /reports/:reportId: the no-code report builder. A new report first
 * asks which form (apps → forms); `from` carries a starting definition (the automatic report's "Open in builder").
 */
export default function ReportBuilderPage({ reportId }: { reportId: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const library = useReportLibrary();
  const { search } = useLocation();
  const navigate = useNavigate();
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const formId = params.get('formId');

  const loaded = useAsync<Loaded | null>(async () => {
    if (reportId) {
      const saved = await library.getReport(reportId);
      return { saved, definition: saved.definition, form: await api.getForm(saved.formId) };
    }
    const start = from ? decodeDefinition(from) : null;
    const id = start?.formId ?? formId;
    if (!id) return null;
    return { saved: null, definition: start ?? blankDefinition(id), form: await api.getForm(id) };
  }, [api, library, reportId, from, formId]);

  const [scope, setScope] = useState<Scope>({ appId: null, formId: null });
  const pick = useCallback(
    (next: Scope) => {
      setScope(next);
      if (next.formId) navigate(`/reports/new?formId=${encodeURIComponent(next.formId)}`, { replace: true });
    },
    [navigate],
  );

  return (
    <main className="fl-main fl-rb">
      <nav className="fl-breadcrumb" aria-label={t('reportBuilder.breadcrumb')}>
        <Link to="/reports">{t('reportBuilder.backToReports')}</Link>
      </nav>
      {loaded.status === 'loading' ? (
        <Loading />
      ) : loaded.status === 'error' ? (
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      ) : loaded.data === null ? (
        <section className="fl-card fl-rb-pick">
          <h1>{t('reportBuilder.newTitle')}</h1>
          <p>{t('reportBuilder.pickForm')}</p>
          <ScopePicker
            scope={scope}
            onChange={pick}
            idPrefix="report-form"
            labels={{
              app: t('reportBuilder.app'),
              form: t('reportBuilder.form'),
              anyApp: t('reportBuilder.chooseApp'),
              anyForm: t('reportBuilder.chooseForm'),
            }}
          />
        </section>
      ) : loaded.data.form.published ? (
        <BuilderWorkspace
          key={loaded.data.saved?.id ?? 'new'}
          form={loaded.data.form}
          initial={loaded.data.definition}
          saved={loaded.data.saved}
          onSaved={(report, created) => {
            if (created) navigate(`/reports/${encodeURIComponent(report.id)}`, { replace: true });
          }}
        />
      ) : (
        <div className="fl-alert fl-alert--warning" role="alert">
          {t('reportBuilder.notPublished')}
        </div>
      )}
    </main>
  );
}

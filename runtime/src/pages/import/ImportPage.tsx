import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { importsApiOf, type ImportPreview, type ImportState, type ImportUpload, type MappingChoice } from '../../api/imports.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useAsync } from '../../components/useAsync.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { Link } from '../../router/Router.tsx';
import { formTitle } from '../formTitle.ts';
import { FileStep } from './FileStep.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import { ProgressStep } from './ProgressStep.tsx';
import { ResultStep } from './ResultStep.tsx';
import './import.css';

/** Where the wizard is; each step keeps what the earlier ones chose, so Back loses nothing. */
type Step =
  | { step: 'file' }
  | { step: 'map'; upload: ImportUpload; choice: MappingChoice }
  | { step: 'preview'; upload: ImportUpload; choice: MappingChoice; preview: ImportPreview }
  | { step: 'run'; upload: ImportUpload; choice: MappingChoice }
  | { step: 'result'; upload: ImportUpload; choice: MappingChoice; state: ImportState };

const STEPS = ['file', 'map', 'preview', 'run'] as const;

/** Bulk import at /f/:formId/import: file → column mapping → preview with per-row errors → import with progress → result. */
export default function ImportPage({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const imports = useMemo(() => importsApiOf(api), [api]);
  const { locale } = useLocale();
  const form = useAsync(() => api.getForm(formId), [api, formId]);
  const [state, setState] = useState<Step>({ step: 'file' });

  if (form.status === 'loading') return <Loading />;
  if (form.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={form.error} onRetry={form.reload} />
      </main>
    );
  }
  const title = formTitle(form.data, locale);
  const submissionsPath = `/f/${encodeURIComponent(formId)}/submissions`;
  const current = state.step === 'result' ? 'run' : state.step;
  const toMapping = (upload: ImportUpload, choice: MappingChoice) => setState({ step: 'map', upload, choice });

  return (
    <main className="fl-main fl-import">
      <div className="fl-breadcrumb">
        <Link to={`/apps/${encodeURIComponent(form.data.appId)}`}>{t('import.backToApp')}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('import.title', { name: title })}</h1>
          <p>{t('import.lead')}</p>
        </div>
      </div>
      <ol className="fl-import-steps" aria-label={t('import.stepsLabel')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={s === current ? 'is-current' : STEPS.indexOf(current) > i ? 'is-done' : ''}
            aria-current={s === current ? 'step' : undefined}
          >
            <span className="fl-import-steps__n">{i + 1}</span>
            <span className="fl-import-steps__label">{t(`import.steps.${s}`)}</span>
          </li>
        ))}
      </ol>

      {state.step === 'file' && (
        <FileStep
          upload={(file) => imports.upload(formId, file, file.name)}
          onUploaded={(upload) => toMapping(upload, { mapping: upload.mapping, keyField: upload.keyField })}
        />
      )}
      {state.step === 'map' && (
        <MappingStep
          upload={state.upload}
          initial={state.choice}
          preview={(choice) => imports.preview(state.upload.id, choice)}
          onBack={() => setState({ step: 'file' })}
          onPreviewed={(choice, preview) => setState({ step: 'preview', upload: state.upload, choice, preview })}
        />
      )}
      {state.step === 'preview' && (
        <PreviewStep
          upload={state.upload}
          preview={state.preview}
          commit={() => imports.commit(state.upload.id, state.choice)}
          onBack={() => toMapping(state.upload, state.choice)}
          onAnotherFile={() => setState({ step: 'file' })}
          onStarted={() => setState({ step: 'run', upload: state.upload, choice: state.choice })}
        />
      )}
      {state.step === 'run' && (
        <ProgressStep
          poll={() => imports.get(state.upload.id)}
          onFinished={(done) => setState({ step: 'result', upload: state.upload, choice: state.choice, state: done })}
        />
      )}
      {state.step === 'result' && (
        <ResultStep
          result={state.state}
          fields={state.upload.fields}
          submissionsPath={submissionsPath}
          onAnotherFile={() => setState({ step: 'file' })}
          onBackToMapping={() => toMapping(state.upload, state.choice)}
        />
      )}
    </main>
  );
}

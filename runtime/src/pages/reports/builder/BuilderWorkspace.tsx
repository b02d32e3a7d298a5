import type { ReportDefinition, SavedReport } from '@formloom/schemas';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile, type ExportFormat } from '../../../api/reportLibrary.ts';
import type { Form } from '../../../api/types.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { Link } from '../../../router/Router.tsx';
import { formTitle } from '../../formTitle.ts';
import { AddToDashboard } from '../dashboards/AddToDashboard.tsx';
import { DigestsPanel } from '../digests/DigestsPanel.tsx';
import { ChartPicker, DimensionsEditor, MeasuresEditor, SortAndLimit, TitleEditor } from './BuilderControls.tsx';
import { settle, titleOf } from './definition.ts';
import { FilterSection } from './FilterSection.tsx';
import { PreviewPanel, type PreviewHandle } from './PreviewPanel.tsx';
import { reportFieldsOf } from './reportFields.ts';
import { useReportLibrary } from './useReportLibrary.ts';
import { problemText } from './problems.ts';

type Panel = 'dashboard' | 'digests' | null;

/**
 * The report just created: saving a new report moves the page to the report's own address (a fresh
 * mount), which then still says "Report saved." once.
 */
let justCreated: string | null = null;

/** The builder's controls, live preview and actions for one form's report. */
export function BuilderWorkspace({
  form,
  initial,
  saved: savedAtStart,
  onSaved,
}: {
  form: Form;
  initial: ReportDefinition;
  saved: SavedReport | null;
  /** After a save; `created` the first time (the page then moves to the report's own address). */
  onSaved: (report: SavedReport, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const library = useReportLibrary();
  const fields = useMemo(() => reportFieldsOf(form, locale, t), [form, locale, t]);
  const [definition, setDefinition] = useState(() => settle(initial, fields));
  const [saved, setSaved] = useState(savedAtStart);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(() =>
    savedAtStart && justCreated === savedAtStart.id ? t('reportBuilder.saved') : null,
  );
  useEffect(() => {
    if (savedAtStart && justCreated === savedAtStart.id) justCreated = null;
  }, [savedAtStart]);
  const [panel, setPanel] = useState<Panel>(null);
  const preview = useRef<PreviewHandle>(null);
  const created = useRef(false);
  const canEdit = saved ? saved.canEdit : true;
  const dirty = !saved || JSON.stringify(saved.definition) !== JSON.stringify(definition);

  const update = (next: ReportDefinition) => {
    setNotice(null);
    setDefinition(settle(next, fields));
  };

  /** Saves changes (a new report the first time, or a copy of someone else's) and answers with the saved report. */
  const saveNow = async (): Promise<SavedReport> => {
    if (saved && !dirty && saved.canEdit) return saved;
    const report = saved?.canEdit ? await library.updateReport(saved.id, definition) : await library.createReport(definition);
    if (!saved?.canEdit) created.current = true;
    setSaved(report);
    setDefinition(report.definition);
    return report;
  };
  const ensureSaved = async () => (await saveNow()).id;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setActionError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      const report = await saveNow();
      setNotice(t('reportBuilder.saved'));
      if (created.current) {
        created.current = false;
        justCreated = report.id;
        onSaved(report, true);
      }
    });

  const exportFile = (format: ExportFormat | 'png') =>
    run(async () => {
      const name = titleOf(definition, locale, formTitle(form, locale));
      if (format === 'png') {
        const blob = await preview.current?.toPng();
        if (!blob) throw new Error(t('reportBuilder.export.notReady'));
        saveFile({ blob, fileName: `${name}.png` });
      } else {
        saveFile(await library.exportDefinition(definition, format));
      }
    });

  const closePanel = () => {
    setPanel(null);
    // A report first saved from "Add to dashboard" moves to its own address once the dialog is done.
    if (created.current && saved) {
      created.current = false;
      onSaved(saved, true);
    }
  };

  return (
    <div className="fl-rb-work">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{titleOf(definition, locale, saved ? t('reportBuilder.untitled') : t('reportBuilder.newTitle'))}</h1>
          <p>
            {t('reportBuilder.ofForm')} <Link to={`/f/${encodeURIComponent(form.id)}/report`}>{formTitle(form, locale)}</Link>
          </p>
        </div>
        <div className="fl-page-head__actions fl-rb-actions">
          {canEdit && (
            <button type="button" className="fl-btn fl-btn--primary" disabled={busy || (!dirty && !!saved)} onClick={() => void save()}>
              {saved ? t('reportBuilder.save') : t('reportBuilder.saveNew')}
            </button>
          )}
          {!canEdit && (
            <button type="button" className="fl-btn fl-btn--primary" disabled={busy} onClick={() => void save()}>
              {t('reportBuilder.saveCopy')}
            </button>
          )}
          <button
            type="button"
            className="fl-btn fl-btn--secondary"
            disabled={busy}
            onClick={() => setPanel(panel === 'dashboard' ? null : 'dashboard')}
          >
            {t('reportBuilder.addToDashboard')}
          </button>
          {saved && (
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setPanel(panel === 'digests' ? null : 'digests')}>
              {t('digests.button')}
            </button>
          )}
          <div className="fl-rb-export" role="group" aria-label={t('reportBuilder.export.title')}>
            {(['png', 'csv', 'xlsx'] as const).map((format) => (
              <button key={format} type="button" className="fl-btn fl-btn--ghost" disabled={busy} onClick={() => void exportFile(format)}>
                {t(`reportBuilder.export.${format}`)}
              </button>
            ))}
          </div>
        </div>
      </div>
      {notice && (
        <p className="fl-alert fl-alert--info" role="status">
          {notice}
        </p>
      )}
      {actionError && (
        <p className="fl-alert fl-alert--error" role="alert">
          {actionError}
        </p>
      )}
      {panel === 'dashboard' && <AddToDashboard ensureSaved={ensureSaved} onClose={closePanel} />}
      {panel === 'digests' && saved && <DigestsPanel target={{ kind: 'report', reportId: saved.id }} onClose={closePanel} />}
      <div className="fl-rb-layout">
        <form className="fl-rb-controls" aria-label={t('reportBuilder.controls')} onSubmit={(e) => e.preventDefault()}>
          <DimensionsEditor definition={definition} fields={fields} onChange={update} />
          <MeasuresEditor definition={definition} fields={fields} onChange={update} />
          <ChartPicker definition={definition} fields={fields} onChange={update} />
          <FilterSection form={form} definition={definition} onChange={update} />
          <SortAndLimit definition={definition} fields={fields} onChange={update} />
          <TitleEditor definition={definition} onChange={update} />
        </form>
        <PreviewPanel ref={preview} definition={definition} />
      </div>
    </div>
  );
}

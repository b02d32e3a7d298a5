import type { ReportDefinition } from '@formloom/schemas';
import { useImperativeHandle, useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportChart, type ChartImage } from '../../../reports/ReportChart.tsx';
import { problemText } from './problems.ts';
import { usePreview } from './usePreview.ts';

export type PreviewHandle = ChartImage;

/** The live preview beside the controls: the chart as it will be saved, and why the server refused it if it did. */
export function PreviewPanel({ definition, ref }: { definition: ReportDefinition; ref?: Ref<PreviewHandle> }) {
  const { t } = useTranslation();
  const preview = usePreview(definition);
  const chart = useRef<ChartImage>(null);
  const shown = preview.shown;
  useImperativeHandle(
    ref,
    () => ({
      async toPng() {
        if (!chart.current) throw new Error(t('reportBuilder.export.notReady'));
        return chart.current.toPng();
      },
    }),
    [t],
  );
  return (
    <section className="fl-card fl-rb-preview" aria-label={t('reportBuilder.preview.title')} aria-busy={preview.status === 'loading'}>
      <div className="fl-rb-preview__head">
        <h2>{t('reportBuilder.preview.title')}</h2>
        {preview.status === 'loading' && <span className="fl-spinner" role="status" aria-label={t('reportBuilder.preview.loading')} />}
      </div>
      {preview.status === 'error' && (
        <p className="fl-alert fl-alert--error" role="alert">
          {problemText(preview.error, t)}
        </p>
      )}
      {shown ? (
        <>
          {shown.result.rows.length === 0 && <p className="fl-rb-hint">{t('reportBuilder.preview.empty')}</p>}
          <div className="fl-rb-preview__chart" data-stale={preview.status !== 'ok' || undefined}>
            <ReportChart ref={chart} definition={shown.definition} result={shown.result} />
          </div>
          {shown.result.truncated && (
            <p className="fl-rb-hint">{t('reportBuilder.preview.truncated', { count: shown.result.rows.length })}</p>
          )}
        </>
      ) : (
        preview.status === 'loading' && <p className="fl-rb-hint">{t('reportBuilder.preview.loading')}</p>
      )}
    </section>
  );
}

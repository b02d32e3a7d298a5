import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartOption } from '@formloom/schemas';
import type { EChartsType } from './echartsKit.ts';
import { loadECharts } from './loadECharts.ts';

/** What a drawn chart offers its owner (the card menus' "Download PNG", the dashboard's export). */
export interface ChartImage {
  toPng(): Promise<Blob>;
}

interface EChartProps {
  option: ChartOption;
  height: number;
  /** A summary in words: charts are pictures, so this is what a screen reader reads. */
  label: string;
  className?: string;
  ref?: Ref<ChartImage>;
}

/**
 * A thin ECharts wrapper: loads ECharts lazily, draws `option` (replacing, not merging, when it changes),
 * follows its box's width, and disposes of the instance on unmount.
 */
export function EChart({ option, height, label, className, ref }: EChartProps) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(option);
  latest.current = option;
  const ready = useRef<Promise<EChartsType> | null>(null);
  const instance = useRef<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let live = true;
    let observer: ResizeObserver | null = null;
    ready.current = loadECharts().then((kit) => {
      if (!live) throw new Error('unmounted');
      if (!canDraw()) throw new Error('This browser cannot draw on a canvas.');
      const chart = kit.init(el, null, { renderer: 'canvas' });
      chart.setOption(latest.current, { notMerge: true });
      instance.current = chart;
      if (typeof ResizeObserver !== 'undefined') {
        observer = new ResizeObserver(() => chart.resize());
        observer.observe(el);
      }
      return chart;
    });
    ready.current.catch(() => live && setFailed(true));
    return () => {
      live = false;
      observer?.disconnect();
      instance.current?.dispose();
      instance.current = null;
    };
  }, []);

  useEffect(() => {
    instance.current?.setOption(option, { notMerge: true });
  }, [option]);

  useEffect(() => {
    instance.current?.resize();
  }, [height]);

  useImperativeHandle(
    ref,
    () => ({
      async toPng() {
        if (!ready.current) throw new Error('The chart is not drawn yet.');
        const [chart, kit] = await Promise.all([ready.current, loadECharts()]);
        return kit.chartPng(chart);
      },
    }),
    [],
  );

  return (
    <div className={className} style={{ position: 'relative', width: '100%', height }}>
      <div ref={box} role="img" aria-label={label} style={{ width: '100%', height: '100%' }} />
      {failed && (
        <p className="fl-report-chart__failed" role="alert">
          {t('reports.chart.failed')}
        </p>
      )}
    </div>
  );
}

/** A canvas that draws (not one without a 2D context, as in a test DOM or a locked-down browser). */
function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null;
  } catch {
    return false;
  }
}

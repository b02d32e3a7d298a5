/**
 * A report's chart as a PNG for an email: the same ECharts option the runtime draws
 * (chartOptionFor in @formloom/schemas), rendered to SVG on the server (echarts' SSR, no DOM) and
 * rasterized by resvg. Mail clients block external and data: images, so the PNG goes inline (cid).
 */
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { chartHeightFor, chartOptionFor, type ChartDefinition, type Locale, type ReportResult } from '@formloom/schemas';

/** The email's content width; drawn at twice the size so it stays sharp on high-density screens. */
export const CHART_WIDTH = 560;
const SCALE = 2;
/** Chinese labels need a CJK face; resvg falls back to it from the generic family echarts writes. */
const FONT_FAMILY = 'Noto Sans CJK HK';

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

/** The chart of a result in `locale`, or null for the kinds shown as HTML (table, pivot, number card). */
export function chartImage(definition: ChartDefinition, result: ReportResult, locale: Locale): ChartImage | null {
  const type = definition.chart?.type ?? 'table';
  if (type === 'table' || type === 'pivot' || type === 'number') return null;
  const option = chartOptionFor(definition, result, locale, { static: true });
  if (!option) return null;
  const height = chartHeightFor(option);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  let svg: string;
  try {
    chart.setOption({ backgroundColor: '#ffffff', ...option, animation: false });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: SCALE },
  })
    .render()
    .asPng();
  return { png, width: CHART_WIDTH, height };
}

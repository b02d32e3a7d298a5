// The parts of ECharts the report charts use, registered once. Imported only through `loadECharts()`
// (a dynamic import), so the charting code is its own chunk, fetched when a report is first opened.
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  CalendarComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { init, use as registerECharts, type EChartsType } from 'echarts/core';
import { LabelLayout } from 'echarts/features';
// Canvas, not SVG: getDataURL gives a PNG only from a canvas.
import { CanvasRenderer } from 'echarts/renderers';
import { dataUrlToBlob } from './dataUrl.ts';

registerECharts([
  BarChart,
  LineChart,
  PieChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CalendarComponent,
  VisualMapComponent,
  GraphicComponent,
  TitleComponent,
  LabelLayout,
  CanvasRenderer,
]);

export { init };
export type { EChartsType };

/** A white-backed PNG at twice the drawn size, sharp on phones and in documents. */
export function chartPng(chart: EChartsType): Blob {
  return dataUrlToBlob(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }));
}

/** Draws an option once into a detached element of the given size and returns its PNG (charts not on screen). */
export function optionPng(option: Record<string, unknown>, width: number, height: number): Blob {
  const el = document.createElement('div');
  const chart = init(el, null, { renderer: 'canvas', width, height });
  try {
    chart.setOption({ ...option, animation: false });
    return chartPng(chart);
  } finally {
    chart.dispose();
  }
}

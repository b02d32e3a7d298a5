// A table (or pivot) as a PNG: drawn on a canvas with the same texts the HTML table shows, so
// "Download PNG" works for every chart type, not only the ECharts ones.
import { dataUrlToBlob } from './dataUrl.ts';

export interface TableImage {
  title: string;
  header: string[];
  rows: string[][];
  /** Columns drawn right-aligned (numbers and money). */
  numeric: boolean[];
}

const FONT = "14px system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'PingFang HK', 'Noto Sans CJK TC', sans-serif";
const BOLD = `600 ${FONT}`;
const PAD = 12;
const ROW = 30;
const MAX_ROWS = 200; // a picture of more rows is unreadable; the CSV/XLSX export has them all
const SCALE = 2;

export function tablePng({ title, header, rows, numeric }: TableImage): Promise<Blob> {
  const shown = rows.slice(0, MAX_ROWS);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('This browser cannot draw images.'));
  const widths = header.map((h, i) => {
    ctx.font = BOLD;
    let w = ctx.measureText(h).width;
    ctx.font = FONT;
    for (const row of shown) w = Math.max(w, ctx.measureText(row[i] ?? '').width);
    return Math.ceil(Math.min(w, 320)) + PAD * 2;
  });
  ctx.font = BOLD;
  const width = Math.max(
    240,
    Math.ceil(ctx.measureText(title).width) + PAD * 2,
    widths.reduce((a, b) => a + b, 0),
  );
  const height = ROW * (shown.length + 2) + PAD;
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#1b2230';
  ctx.font = BOLD;
  ctx.fillText(title, PAD, ROW / 2 + 2);

  const line = (y: number, color: string) => {
    ctx.fillStyle = color;
    ctx.fillRect(0, y, width, 1);
  };
  const drawRow = (cells: string[], y: number, font: string) => {
    ctx.font = font;
    ctx.fillStyle = '#1b2230';
    let x = 0;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 0;
      const right = numeric[i] ?? false;
      ctx.textAlign = right ? 'right' : 'left';
      ctx.fillText(text, right ? x + w - PAD : x + PAD, y + ROW / 2, w - PAD * 2);
      x += w;
    });
    ctx.textAlign = 'left';
  };
  drawRow(header, ROW, BOLD);
  line(ROW * 2 - 1, '#c5ccd8');
  shown.forEach((row, i) => {
    drawRow(row, ROW * (i + 2), FONT);
    line(ROW * (i + 3) - 1, '#eef0f4');
  });
  return Promise.resolve(dataUrlToBlob(canvas.toDataURL('image/png')));
}

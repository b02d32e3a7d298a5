// Dashboard grid arithmetic, kept out of React: where a new widget goes, the grid's layout from the
// widgets and back, and the order of the single-column stack phones get.
import type { Dashboard, DashboardWidget } from '@formloom/schemas';

export const GRID_COLUMNS = 12;
export const ROW_HEIGHT = 80;
/** Below this width the grid becomes one column of cards, in reading order, without dragging. */
export const NARROW_QUERY = '(max-width: 639px)';

const DEFAULT_SIZE = { w: 6, h: 4 };

/** A widget id the model accepts (a letter, then letters and digits), unlikely to repeat within a dashboard. */
export function widgetId(taken: Iterable<string> = []): string {
  const used = new Set(taken);
  for (;;) {
    const id = `w${Math.random().toString(36).slice(2, 10)}`;
    if (!used.has(id)) return id;
  }
}

/** A new widget for `reportId`: half the width, beside the last one when there is room, else below everything. */
export function newWidget(reportId: string, widgets: DashboardWidget[]): DashboardWidget {
  const id = widgetId(widgets.map((w) => w.id));
  if (widgets.length === 0) return { id, reportId, x: 0, y: 0, ...DEFAULT_SIZE };
  const bottom = Math.max(...widgets.map((w) => w.y + w.h));
  const last = [...widgets].sort((a, b) => a.y - b.y || a.x - b.x).at(-1)!;
  const besideX = last.x + last.w;
  const rowFree = besideX + DEFAULT_SIZE.w <= GRID_COLUMNS && widgets.every((w) => w.y + w.h <= last.y || w.x + w.w <= besideX);
  return rowFree
    ? { id, reportId, x: besideX, y: last.y, ...DEFAULT_SIZE }
    : { id, reportId, x: 0, y: Math.min(bottom, 1000), ...DEFAULT_SIZE };
}

export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export const layoutOf = (widgets: DashboardWidget[]): GridItem[] => widgets.map(({ id, x, y, w, h }) => ({ i: id, x, y, w, h }));

/** The widgets moved to where the grid put them; null when nothing changed (the grid reports its layout on mount too). */
export function widgetsFromLayout(widgets: DashboardWidget[], layout: readonly GridItem[]): DashboardWidget[] | null {
  const at = new Map(layout.map((item) => [item.i, item]));
  let changed = false;
  const next = widgets.map((w) => {
    const item = at.get(w.id);
    if (!item) return w;
    const moved = {
      ...w,
      x: clamp(item.x, 0, GRID_COLUMNS - 1),
      y: clamp(item.y, 0, 1000),
      w: clamp(item.w, 1, GRID_COLUMNS),
      h: clamp(item.h, 1, 12),
    };
    if (moved.x !== w.x || moved.y !== w.y || moved.w !== w.w || moved.h !== w.h) changed = true;
    return moved;
  });
  return changed ? next : null;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

/** Top to bottom, then left to right: the order a phone stacks the cards in. */
export const readingOrder = (widgets: DashboardWidget[]) => [...widgets].sort((a, b) => a.y - b.y || a.x - b.x);

export function dashboardName(dashboard: Pick<Dashboard, 'name'>, locale: string, fallback: string): string {
  const mine = locale === 'zh-Hant' ? dashboard.name['zh-Hant'] : dashboard.name.en;
  const other = locale === 'zh-Hant' ? dashboard.name.en : dashboard.name['zh-Hant'];
  return mine.trim() || other.trim() || fallback;
}

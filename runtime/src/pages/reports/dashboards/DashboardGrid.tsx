import type { DashboardWidget, SavedReport } from '@formloom/schemas';
import ReactGridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { useMediaQuery } from '../../records/useMediaQuery.ts';
import { GRID_COLUMNS, NARROW_QUERY, ROW_HEIGHT, layoutOf, readingOrder, widgetsFromLayout } from './layout.ts';
import { WidgetCard } from './WidgetCard.tsx';

const MARGIN: [number, number] = [16, 16];

/**
 * The widgets on a 12-column grid of 80 px rows; those who may edit drag a card by its title bar and
 * resize it from the corner, and the new places are saved when the drag ends. Under 640 px the cards
 * stack in one column in reading order, with nothing to drag (a finger scrolling would move cards).
 */
export function DashboardGrid({
  dashboardId,
  widgets,
  reports,
  canEdit,
  onMove,
  onRemove,
}: {
  dashboardId: string;
  widgets: DashboardWidget[];
  reports: SavedReport[];
  canEdit: boolean;
  onMove: (widgets: DashboardWidget[]) => void;
  onRemove: (widgetId: string) => void;
}) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const { width, containerRef, mounted } = useContainerWidth();
  const reportOf = (w: DashboardWidget) => reports.find((r) => r.id === w.reportId);

  if (narrow) {
    return (
      <div className="fl-dash-stack">
        {readingOrder(widgets).map((w) => (
          <WidgetCard
            key={w.id}
            dashboardId={dashboardId}
            widget={w}
            report={reportOf(w)}
            canEdit={canEdit}
            onRemove={() => onRemove(w.id)}
          />
        ))}
      </div>
    );
  }

  const moved = (layout: Layout) => {
    const next = widgetsFromLayout(widgets, layout);
    if (next) onMove(next);
  };
  return (
    <div ref={containerRef} className="fl-dash-grid">
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layoutOf(widgets)}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: MARGIN, containerPadding: [0, 0] }}
          dragConfig={{ enabled: canEdit, handle: '.fl-widget__head', cancel: 'button, a, [role="menu"]' }}
          resizeConfig={{ enabled: canEdit }}
          onDragStop={moved}
          onResizeStop={moved}
        >
          {widgets.map((w) => (
            <div key={w.id} className="fl-dash-cell">
              <WidgetCard
                dashboardId={dashboardId}
                widget={w}
                report={reportOf(w)}
                height={w.h * ROW_HEIGHT + (w.h - 1) * MARGIN[1]}
                canEdit={canEdit}
                onRemove={() => onRemove(w.id)}
              />
            </div>
          ))}
        </ReactGridLayout>
      )}
    </div>
  );
}

import { memo, useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Submission } from '../../api/types.ts';
import { Link } from '../../router/Router.tsx';
import type { Column } from '../submissionColumns.ts';
import type { PagedRows } from './pagedRows.ts';
import { PHONE_QUERY, useMediaQuery } from './useMediaQuery.ts';
import './DataTable.css';

export const ROW_HEIGHT = 44;
/** Lines a phone card shows under its title, so every card has the same height and none is measured. */
export const CARD_LINES = 4;
const CARD_HEIGHT = 84 + CARD_LINES * 26;
const CARD_GAP = 12;

export interface DataTableProps {
  rows: PagedRows;
  /** The chosen columns, in order. */
  columns: Column[];
  sort: string;
  onSort: (sort: string) => void;
  recordHref: (submission: Submission) => string;
  caption: string;
}

export function DataTable(props: DataTableProps) {
  const phone = useMediaQuery(PHONE_QUERY);
  return phone ? <RecordCards {...props} /> : <RecordGrid {...props} />;
}

/** Keeps the wanted rows fetched as the visible range moves, and re-renders when pages arrive. */
function useVisibleRows(rows: PagedRows, first: number | undefined, last: number | undefined) {
  const snapshot = useSyncExternalStore(rows.subscribe, rows.getSnapshot, rows.getSnapshot);
  useEffect(() => {
    if (first !== undefined && last !== undefined) rows.want(first, last);
  }, [rows, first, last]);
  return snapshot;
}

/** No sort chosen is the server's default: newest first. */
/** Another sort, search or filter starts at the top. */
function useBackToTop(scrollRef: RefObject<HTMLDivElement | null>, rows: PagedRows) {
  const first = useRef(rows);
  useEffect(() => {
    if (first.current !== rows && scrollRef.current) scrollRef.current.scrollTop = 0;
    first.current = rows;
  }, [scrollRef, rows]);
}

const sortState = (sort: string, column: Column): 'ascending' | 'descending' | 'none' => {
  const effective = sort || '-createdAt';
  if (effective === column.id) return 'ascending';
  if (effective === `-${column.id}`) return 'descending';
  return 'none';
};

/** Ascending first; a second press turns it around. */
const nextSort = (sort: string, column: Column) => (sortState(sort, column) === 'ascending' ? `-${column.id}` : column.id);

function RecordGrid({ rows, columns, sort, onSort, recordHref, caption }: DataTableProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = rows.getSnapshot().total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const snapshot = useVisibleRows(rows, items[0]?.index, items[items.length - 1]?.index);
  useBackToTop(scrollRef, rows);
  const template = columns.map((c) => `minmax(${c.width}rem, ${c.width}fr)`).join(' ');

  return (
    <div className="fl-dt" ref={scrollRef} role="table" aria-label={caption} aria-rowcount={(snapshot.total ?? 0) + 1} tabIndex={-1}>
      <div role="rowgroup" className="fl-dt__head">
        <div role="row" aria-rowindex={1} className="fl-dt__row" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => {
            const state = sortState(sort, column);
            return (
              <div
                role="columnheader"
                key={column.id}
                aria-sort={column.sortable ? state : undefined}
                className={column.numeric ? 'fl-dt__num' : ''}
              >
                {column.sortable ? (
                  <button type="button" className="fl-dt__sort" onClick={() => onSort(nextSort(sort, column))}>
                    <span>{column.title}</span>
                    <span className="fl-dt__arrow" aria-hidden="true">
                      {state === 'ascending' ? '▲' : state === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : (
                  <span className="fl-dt__title">{column.title}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="fl-dt__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <GridRow
            key={item.key}
            index={item.index}
            start={item.start}
            submission={rows.rowAt(item.index)}
            columns={columns}
            template={template}
            href={recordHref}
            loadingLabel={t('common.loading')}
          />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  start: number;
  submission: Submission | undefined;
  columns: Column[];
  template: string;
  href: (submission: Submission) => string;
  loadingLabel: string;
}

/** One row; scrolling re-renders only rows whose index or data changed. */
const GridRow = memo(function GridRow({ index, start, submission, columns, template, href, loadingLabel }: RowProps) {
  const style = { gridTemplateColumns: template, transform: `translateY(${start}px)`, height: ROW_HEIGHT };
  if (!submission) {
    return (
      <div role="row" aria-rowindex={index + 2} className="fl-dt__row fl-dt__row--pending" style={style}>
        <div role="cell" aria-label={loadingLabel} className="fl-dt__placeholder" />
      </div>
    );
  }
  return (
    <div role="row" aria-rowindex={index + 2} className="fl-dt__row" style={style} data-id={submission.id}>
      {columns.map((column, i) => {
        const text = column.format(column.value(submission));
        const content = text || <span className="fl-dt__empty">—</span>;
        return (
          <div
            role="cell"
            key={column.id}
            className={column.numeric ? 'fl-dt__num' : undefined}
            title={text.length > 30 ? text : undefined}
          >
            {i === 0 ? (
              <Link className="fl-dt__open" to={href(submission)}>
                {content}
              </Link>
            ) : (
              content
            )}
          </div>
        );
      })}
    </div>
  );
});

function RecordCards({ rows, columns, recordHref, caption }: DataTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = rows.getSnapshot().total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT + CARD_GAP,
    overscan: 4,
  });
  const items = virtualizer.getVirtualItems();
  useVisibleRows(rows, items[0]?.index, items[items.length - 1]?.index);
  useBackToTop(scrollRef, rows);
  // A card is titled by its first chosen field (an item's name reads better than a date); who and when
  // share one small line under it; the next fields follow as label / value lines.
  const titleColumn = columns.find((c) => c.id.startsWith('data.')) ?? columns[0];
  const metaColumns = columns.filter((c) => c !== titleColumn && (c.id === 'createdAt' || c.id === 'createdBy'));
  const lines = columns.filter((c) => c !== titleColumn && !metaColumns.includes(c)).slice(0, CARD_LINES);

  return (
    <div className="fl-rcards" ref={scrollRef} role="list" aria-label={caption}>
      <div className="fl-rcards__body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <RecordCard
            key={item.key}
            start={item.start}
            submission={rows.rowAt(item.index)}
            titleColumn={titleColumn}
            metaColumns={metaColumns}
            lines={lines}
            href={recordHref}
          />
        ))}
      </div>
    </div>
  );
}

interface CardProps {
  start: number;
  submission: Submission | undefined;
  titleColumn: Column | undefined;
  metaColumns: Column[];
  lines: Column[];
  href: (submission: Submission) => string;
}

const RecordCard = memo(function RecordCard({ start, submission, titleColumn, metaColumns, lines, href }: CardProps) {
  const style = { transform: `translateY(${start}px)`, height: CARD_HEIGHT };
  if (!submission) return <div role="listitem" className="fl-rcard fl-rcard--pending" style={style} />;
  const text = (column: Column) => column.format(column.value(submission));
  const title = titleColumn ? text(titleColumn) : submission.id;
  const meta = metaColumns.map(text).filter(Boolean).join(' · ');
  return (
    <div role="listitem" className="fl-rcard" style={style} data-id={submission.id}>
      <Link to={href(submission)} className="fl-rcard__link">
        <span className="fl-rcard__title">{title || '—'}</span>
        <span className="fl-rcard__meta">{meta}</span>
        <dl className="fl-rcard__lines">
          {lines.map((column) => (
            <div key={column.id} className="fl-rcard__line">
              <dt>{column.title}</dt>
              <dd>{text(column) || '—'}</dd>
            </div>
          ))}
        </dl>
      </Link>
    </div>
  );
});

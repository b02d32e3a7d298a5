// The rows of one table view, fetched a page at a time as the person scrolls. The API pages with
// cursors, so pages can only follow each other; to let someone drag to the bottom of 10,000 rows
// without fetching everything above, the bottom is read from the other end: the same view in reverse
// order, its first row being the table's last. Rows are asked for from whichever end is nearer.
// That mirror only holds for columns every row has (when and who-last-edited): the server puts empty
// values last in both directions, so a sort by a field is read from the top only.
import type { RecordsPage, RowQuery } from '../../api/records.ts';
import type { Submission } from '../../api/types.ts';

export type FetchPage = (query: RowQuery, cursor: string | null, limit: number) => Promise<RecordsPage>;

export interface PageSizes {
  /** Rows per request near what is on screen. */
  page: number;
  /** Rows per request while catching up to rows far from those already here (a drag to the bottom). */
  catchUp: number;
}

/** A screenful many times over per request; the API's maximum when far behind. */
export const DEFAULT_PAGE_SIZES: PageSizes = { page: 200, catchUp: 500 };

export interface PagedRowsSnapshot {
  /** Null until the first page answers. */
  total: number | null;
  loading: boolean;
  error: unknown;
  /** Bumped on every change, so React can tell that rows arrived. */
  version: number;
}

/** Sorts whose reverse order is exactly the table read bottom-up: no empty values to put last. */
export function readableBackwards(sort: string | undefined): boolean {
  return !sort || ['createdAt', 'updatedAt'].includes(sort.replace(/^-/, ''));
}

/** The server's default order is newest first; reversing a sort flips its direction. */
export function reverseSort(sort: string | undefined): string {
  if (!sort) return 'createdAt';
  return sort.startsWith('-') ? sort.slice(1) : `-${sort}`;
}

export class PagedRows {
  private head: Submission[] = [];
  private tail: Submission[] = []; // tail[0] is the last row
  private headCursor: string | null = null;
  private tailCursor: string | null = null;
  private tailStarted = false;
  private wanted: [number, number] = [0, 0];
  private snapshot: PagedRowsSnapshot = { total: null, loading: false, error: null, version: 0 };
  private listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly query: RowQuery,
    private readonly sizes: PageSizes = DEFAULT_PAGE_SIZES,
  ) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** The row at `index` in the view's order, or undefined while its page is on the way. */
  rowAt(index: number): Submission | undefined {
    if (index < this.head.length) return this.head[index];
    const total = this.snapshot.total;
    if (total === null) return undefined;
    return this.tail[total - 1 - index];
  }

  /** Every row is here (the head and tail pages met). */
  get complete(): boolean {
    return this.snapshot.total !== null && this.head.length + this.tail.length >= this.snapshot.total;
  }

  /** Asks for rows `start`..`end` (inclusive): pages are fetched one after another until they are all here. */
  want(start: number, end: number): void {
    this.wanted = [start, end];
    this.pump();
  }

  /** After an error: try the page again. */
  retry(): void {
    this.update({ error: null });
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private update(change: Partial<PagedRowsSnapshot>) {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  /** Which end to read next for the wanted rows, and how many rows lie between it and them; null when all are here. */
  private nextRead(): { end: 'head' | 'tail'; gap: number } | null {
    const total = this.snapshot.total;
    if (total === null) return { end: 'head', gap: 0 };
    if (this.complete) return null;
    const firstMissing = this.head.length;
    const lastMissing = total - 1 - this.tail.length;
    const [start, end] = this.wanted;
    if (end < firstMissing || start > lastMissing) return null;
    const fromHead = { end: 'head' as const, gap: Math.max(start, firstMissing) - firstMissing };
    const fromTail = { end: 'tail' as const, gap: lastMissing - Math.min(end, lastMissing) };
    if (!readableBackwards(this.query.sort)) return fromHead;
    if (this.headCursor === null) return fromTail;
    if (this.tailStarted && this.tailCursor === null) return fromHead;
    return fromHead.gap <= fromTail.gap ? fromHead : fromTail;
  }

  private pump(): void {
    if (this.disposed || this.snapshot.loading || this.snapshot.error) return;
    const read = this.nextRead();
    if (!read) return;
    const { end } = read;
    const limit = read.gap > this.sizes.page ? this.sizes.catchUp : this.sizes.page;
    this.update({ loading: true });
    const isFirst = this.snapshot.total === null;
    const query = end === 'head' ? this.query : { ...this.query, sort: reverseSort(this.query.sort) };
    const cursor = end === 'head' ? this.headCursor : this.tailCursor;
    this.fetchPage(query, cursor, limit).then(
      (page) => {
        if (this.disposed) return;
        if (end === 'head') {
          this.head = this.head.concat(page.items);
          this.headCursor = page.nextCursor;
        } else {
          this.tail = this.tail.concat(page.items);
          this.tailCursor = page.nextCursor;
          this.tailStarted = true;
        }
        // The total is counted with each page; a row added or removed meanwhile moves it. The rows already
        // here keep their places; the count the person sees follows the newest answer.
        let total = isFirst || end === 'head' ? page.total : (this.snapshot.total ?? page.total);
        // An end that ran out holds every row: its length is the count.
        if (page.nextCursor === null) total = end === 'head' ? this.head.length : this.tail.length;
        this.update({ loading: false, total });
        this.pump();
      },
      (error: unknown) => {
        if (!this.disposed) this.update({ loading: false, error });
      },
    );
  }
}

// The rows of one table view, fetched a page at a time as the person scrolls. Scrolling on from rows
// already here continues with the page's cursor (it never loses or repeats a row). A jump (dragging
// the scrollbar to the middle or the bottom of 10,000 rows) reads the rows on screen by their offset
// in the same order, in one request, whatever the sort: nothing above them is fetched first.
import type { PageRequest, RecordsPage, RowQuery } from '../../api/records.ts';
import type { Submission } from '../../api/types.ts';

export type FetchPage = (query: RowQuery, page: PageRequest) => Promise<RecordsPage>;

export interface PageSizes {
  /** Rows per request: a screenful many times over. */
  page: number;
}

export const DEFAULT_PAGE_SIZES: PageSizes = { page: 200 };

export interface PagedRowsSnapshot {
  /** Null until the first page answers. */
  total: number | null;
  loading: boolean;
  error: unknown;
  /** Bumped on every change, so React can tell that rows arrived. */
  version: number;
}

/** A read of rows from..from+limit-1, by cursor (continuing) or by offset (a jump). */
type Read = { from: number; limit: number; cursor?: string };

export class PagedRows {
  /** By position in the view's order; holes are rows not fetched yet. */
  private rows: (Submission | undefined)[] = [];
  private fetched = 0;
  /** A page's nextCursor, by the position of the row it reads first. */
  private cursors = new Map<number, string>();
  private wanted: [number, number] = [0, 0];
  /** The read whose answer is awaited; an answer to any other (one the person dragged past) is dropped. */
  private current: Read | null = null;
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
    return this.rows[index];
  }

  /** Every row is here. */
  get complete(): boolean {
    return this.snapshot.total !== null && this.fetched >= this.snapshot.total;
  }

  /** Asks for rows `start`..`end` (inclusive): they are fetched, a page at a time, until all are here. */
  want(start: number, end: number): void {
    this.wanted = [start, end];
    const next = this.firstMissing();
    const current = this.current;
    // Still dragging: the rows now on screen go first; the answer for rows left behind will be dropped.
    if (current && (next === null || next < current.from || next >= current.from + current.limit)) {
      this.current = null;
      this.update({ loading: false });
    }
    this.pump();
  }

  /** After an error: try the page again. */
  retry(): void {
    this.update({ error: null });
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.current = null;
    this.listeners.clear();
  }

  private update(change: Partial<PagedRowsSnapshot>) {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  /** The first wanted row not here yet, or null. */
  private firstMissing(): number | null {
    const total = this.snapshot.total;
    const [start, wantedEnd] = this.wanted;
    const end = total === null ? wantedEnd : Math.min(wantedEnd, total - 1);
    for (let i = start; i <= end; i++) if (!this.rows[i]) return i;
    return null;
  }

  /** How to read the first missing wanted row: on from the rows above it, up to the rows below it, or by a jump. */
  private nextRead(): Read | null {
    const first = this.firstMissing();
    if (first === null) return null;
    const limit = this.sizes.page;
    let below = first;
    while (below < first + limit && !this.rows[below]) below++;
    const cursor = this.cursors.get(first);
    if (cursor) return { from: first, limit: below - first, cursor };
    // Rows already here within a page below (scrolling up to them, or a small gap): the page just above
    // them, reaching back to the rows above if those are near, so nothing is read twice.
    if (this.rows[below]) {
      let from = below;
      while (from > 0 && below - from < limit && !this.rows[from - 1]) from--;
      return { from, limit: below - from };
    }
    return { from: first, limit };
  }

  private pump(): void {
    if (this.disposed || this.current || this.snapshot.error) return;
    const read = this.nextRead();
    if (!read) return;
    this.current = read;
    this.update({ loading: true });
    const request = read.cursor ? { limit: read.limit, cursor: read.cursor } : { limit: read.limit, offset: read.from || undefined };
    this.fetchPage(this.query, request).then(
      (page) => {
        if (this.current !== read) return;
        this.current = null;
        const added = this.store(read.from, page);
        // The total is counted with each answer; a row added or removed meanwhile moves it. Rows already
        // here keep their places (and their objects, so they do not redraw); the count follows the newest answer.
        const ranOut = page.nextCursor === null && page.items.length > 0;
        this.update({ loading: false, total: ranOut ? read.from + page.items.length : page.total });
        if (added) this.pump();
      },
      (error: unknown) => {
        if (this.current !== read) return;
        this.current = null;
        this.update({ loading: false, error });
      },
    );
  }

  /** Puts a page's rows in their places; returns whether any was new. */
  private store(from: number, page: RecordsPage): boolean {
    let added = false;
    page.items.forEach((item, i) => {
      if (this.rows[from + i]) return;
      this.rows[from + i] = item;
      this.fetched += 1;
      added = true;
    });
    this.cursors.delete(from);
    const next = from + page.items.length;
    if (page.nextCursor && !this.rows[next]) this.cursors.set(next, page.nextCursor);
    return added;
  }
}

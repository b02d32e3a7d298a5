import { describe, expect, it, vi } from 'vitest';
import type { PageRequest, RecordsPage, RowQuery } from '../../api/records.ts';
import type { Submission } from '../../api/types.ts';
import { PagedRows } from './pagedRows.ts';

const row = (n: number): Submission => ({
  id: `s${n}`,
  formId: 'f',
  formVersion: 1,
  data: { n },
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  createdBy: null,
  createdByName: null,
});

/**
 * A server of `total` rows s0..s(total-1), in that order under any sort (ordering is the server's job).
 * Cursors are opaque to the client; like the real one, it refuses a cursor with an offset. With
 * `held`, answers wait until the test releases them, in whatever order it likes.
 */
function server(total: number, { held = false } = {}) {
  const waiting: (() => void)[] = [];
  const answer = (page: PageRequest): RecordsPage => {
    if (page.cursor && page.offset !== undefined) throw new Error('invalid_request: cursor with offset');
    const start = page.cursor ? Number(page.cursor.slice('after:'.length)) : (page.offset ?? 0);
    const items = Array.from({ length: Math.max(0, Math.min(page.limit, total - start)) }, (_, i) => row(start + i));
    return { items, nextCursor: start + page.limit < total ? `after:${start + page.limit}` : null, total };
  };
  const fetchPage = vi.fn((_query: RowQuery, page: PageRequest) =>
    held ? new Promise<RecordsPage>((resolve) => waiting.push(() => resolve(answer(page)))) : Promise.resolve(answer(page)),
  );
  /** Answers the `n`th request still waiting (0 = the oldest). */
  const release = (n = 0) => waiting.splice(n, 1)[0]();
  return { fetchPage, release, waiting };
}

const settle = async (times = 3) => {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
};

const pages = (fetchPage: ReturnType<typeof server>['fetchPage']) => fetchPage.mock.calls.map(([, page]) => page);

describe('PagedRows', () => {
  it('scrolling on fetches the next page by its cursor, one request at a time', async () => {
    const { fetchPage } = server(1000);
    const rows = new PagedRows(fetchPage, {}, { page: 100 });
    rows.want(0, 20);
    await settle();
    expect(rows.getSnapshot().total).toBe(1000);
    expect(rows.rowAt(20)?.id).toBe('s20');
    expect(rows.rowAt(150)).toBeUndefined();
    rows.want(90, 150);
    await settle();
    expect(rows.rowAt(150)?.id).toBe('s150');
    expect(pages(fetchPage)).toEqual([{ limit: 100 }, { limit: 100, cursor: 'after:100' }]);
  });

  it.each([undefined, '-createdAt', 'data.n', '-data.n'])(
    'a jump to the bottom (sort %s) reads the rows on screen by offset in one request, not every page above',
    async (sort) => {
      const { fetchPage } = server(10_000);
      const rows = new PagedRows(fetchPage, { sort, q: 'x' }, { page: 200 });
      rows.want(0, 20);
      await settle();
      rows.want(9980, 9999);
      await settle();
      expect(pages(fetchPage)).toEqual([{ limit: 200 }, { limit: 200, offset: 9980 }]);
      expect(fetchPage.mock.calls[1][0]).toEqual({ sort, q: 'x' }); // the same view, the same order
      expect(Array.from({ length: 20 }, (_, i) => rows.rowAt(9980 + i)?.id)).toEqual(Array.from({ length: 20 }, (_, i) => `s${9980 + i}`));
      expect(rows.rowAt(5000)).toBeUndefined();
      expect(rows.getSnapshot()).toMatchObject({ total: 10_000, loading: false });
    },
  );

  it('after a jump to the middle, scrolling down continues by cursor and scrolling up reads the page just above', async () => {
    const { fetchPage } = server(10_000);
    const rows = new PagedRows(fetchPage, { sort: 'data.n' }, { page: 100 });
    rows.want(0, 20);
    await settle();
    rows.want(5000, 5020);
    await settle();
    rows.want(5090, 5110);
    await settle();
    rows.want(4990, 5010);
    await settle();
    expect(pages(fetchPage).slice(1)).toEqual([
      { limit: 100, offset: 5000 },
      { limit: 100, cursor: 'after:5100' },
      { limit: 100, offset: 4900 },
    ]);
    expect(Array.from({ length: 300 }, (_, i) => rows.rowAt(4900 + i)?.id)).toEqual(Array.from({ length: 300 }, (_, i) => `s${4900 + i}`));
    // Gaps between runs are read without reading the rows on either side again.
    rows.want(4850, 4870);
    await settle();
    rows.want(130, 150);
    await settle();
    rows.want(90, 110);
    await settle();
    expect(pages(fetchPage).slice(4)).toEqual([
      { limit: 100, offset: 4800 },
      { limit: 100, offset: 130 },
      { limit: 30, cursor: 'after:100' },
    ]);
    expect(Array.from({ length: 230 }, (_, i) => rows.rowAt(i)?.id)).toEqual(Array.from({ length: 230 }, (_, i) => `s${i}`));
    expect(rows.rowAt(230)).toBeUndefined();
  });

  it('while the person keeps dragging, only the rows now on screen count: answers for rows left behind are dropped', async () => {
    const { fetchPage, release, waiting } = server(10_000, { held: true });
    const rows = new PagedRows(fetchPage, { sort: '-data.n' }, { page: 200 });
    rows.want(0, 20);
    release();
    await settle();
    rows.want(3000, 3020);
    rows.want(6000, 6020); // dragged on before the first jump answered: asked at once, not after it
    rows.want(6010, 6030); // still within the rows being read: no new request
    expect(pages(fetchPage).slice(1)).toEqual([
      { limit: 200, offset: 3000 },
      { limit: 200, offset: 6000 },
    ]);
    expect(rows.getSnapshot().loading).toBe(true);
    release(1); // 6000 first
    await settle();
    expect(rows.rowAt(6030)?.id).toBe('s6030');
    const shown = rows.rowAt(6010);
    release(0); // the stale 3000 arrives late
    await settle();
    expect(rows.rowAt(3000)).toBeUndefined();
    expect(rows.getSnapshot().loading).toBe(false);
    expect(waiting).toHaveLength(0);
    // Rows keep their objects when a later read covers them again (they do not redraw).
    rows.want(5990, 6010);
    release();
    await settle();
    expect(rows.rowAt(5990)?.id).toBe('s5990');
    expect(rows.rowAt(6010)).toBe(shown);
  });

  it('is complete once every row is here, and asks for nothing more', async () => {
    const { fetchPage } = server(300);
    const rows = new PagedRows(fetchPage, {}, { page: 200 });
    rows.want(0, 10);
    await settle();
    rows.want(290, 299);
    await settle();
    rows.want(150, 250);
    await settle();
    expect(rows.complete).toBe(true);
    expect(Array.from({ length: 300 }, (_, i) => rows.rowAt(i)?.id)).toEqual(Array.from({ length: 300 }, (_, i) => `s${i}`));
    expect(pages(fetchPage)).toEqual([{ limit: 200 }, { limit: 200, offset: 290 }, { limit: 90, cursor: 'after:200' }]);
    rows.want(0, 299);
    await settle();
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('takes the newest count, and stops at the end when the rows ran out under it', async () => {
    const { fetchPage } = server(500);
    const rows = new PagedRows(fetchPage, {}, { page: 100 });
    rows.want(0, 10);
    await settle();
    fetchPage.mockImplementationOnce(async () => ({ items: [], nextCursor: null, total: 420 })); // rows deleted meanwhile
    rows.want(480, 499);
    await settle();
    expect(rows.getSnapshot().total).toBe(420);
    expect(fetchPage).toHaveBeenCalledTimes(2); // an empty answer is not asked again in a loop
  });

  it('keeps a failed page as an error until retried', async () => {
    let failing = true;
    const inner = server(50).fetchPage;
    const fetchPage = vi.fn((q: RowQuery, page: PageRequest) => (failing ? Promise.reject(new Error('offline')) : inner(q, page)));
    const rows = new PagedRows(fetchPage, {}, { page: 20 });
    rows.want(0, 10);
    await settle();
    expect(rows.getSnapshot().error).toBeInstanceOf(Error);
    rows.want(0, 12);
    await settle();
    expect(fetchPage).toHaveBeenCalledTimes(1); // no hammering while in error
    failing = false;
    rows.retry();
    await settle();
    expect(rows.getSnapshot().error).toBeNull();
    expect(rows.rowAt(12)?.id).toBe('s12');
  });

  it('drops answers that arrive after it was thrown away (the view changed)', async () => {
    const { fetchPage } = server(10);
    const rows = new PagedRows(fetchPage, {}, { page: 10 });
    const listener = vi.fn();
    rows.subscribe(listener);
    rows.want(0, 5);
    listener.mockClear();
    rows.dispose();
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(rows.rowAt(0)).toBeUndefined();
  });
});

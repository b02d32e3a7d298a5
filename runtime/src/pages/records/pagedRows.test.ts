import { describe, expect, it, vi } from 'vitest';
import type { RowQuery } from '../../api/records.ts';
import type { Submission } from '../../api/types.ts';
import { PagedRows, reverseSort } from './pagedRows.ts';

const row = (n: number): Submission => ({
  id: `s${n}`,
  formId: 'f',
  formVersion: 1,
  data: { n },
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  createdBy: null,
  createdByName: null,
});

/** A server of `total` rows 0..total-1 in the default order; the reverse order reads them from the end. */
function server(total: number) {
  const rows = Array.from({ length: total }, (_, i) => row(i));
  const fetchPage = vi.fn(async (query: RowQuery, cursor: string | null, limit: number) => {
    const ordered = query.sort === 'createdAt' ? [...rows].reverse() : rows;
    const offset = Number(cursor ?? 0);
    const items = ordered.slice(offset, offset + limit);
    return { items, nextCursor: offset + limit < total ? String(offset + limit) : null, total };
  });
  return fetchPage;
}

const sizes = (page: number, catchUp = page) => ({ page, catchUp });

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('PagedRows', () => {
  it('reverses sorts, the default (newest first) included', () => {
    expect(reverseSort(undefined)).toBe('createdAt');
    expect(reverseSort('data.qty')).toBe('-data.qty');
    expect(reverseSort('-data.qty')).toBe('data.qty');
  });

  it('fetches pages from the top as rows are wanted, one request at a time', async () => {
    const fetchPage = server(1000);
    const rows = new PagedRows(fetchPage, {}, sizes(100, 300));
    rows.want(0, 20);
    await settle();
    expect(rows.getSnapshot().total).toBe(1000);
    expect(rows.rowAt(20)?.id).toBe('s20');
    expect(rows.rowAt(150)).toBeUndefined();
    rows.want(90, 150);
    await settle();
    await settle();
    expect(rows.rowAt(150)?.id).toBe('s150');
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(fetchPage.mock.calls.map((c) => c[1])).toEqual([null, '100']);
  });

  it('jumping to the bottom reads it from the other end instead of every page above', async () => {
    const fetchPage = server(10_000);
    const rows = new PagedRows(fetchPage, { q: 'x' }, sizes(200, 500));
    rows.want(0, 20);
    await settle();
    rows.want(9980, 9999);
    await settle();
    await settle();
    expect(rows.rowAt(9999)?.id).toBe('s9999');
    expect(rows.rowAt(9800)?.id).toBe('s9800');
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(fetchPage.mock.calls[1][0]).toEqual({ q: 'x', sort: 'createdAt' }); // same search, reversed order
    expect(rows.rowAt(5000)).toBeUndefined();
  });

  it('reads a sort by a field from the top only (empty values come last both ways, so the reverse is no mirror)', async () => {
    const fetchPage = server(1000);
    const rows = new PagedRows(fetchPage, { sort: '-data.n' }, sizes(100, 300));
    rows.want(0, 20);
    await settle();
    rows.want(980, 999);
    for (let i = 0; i < 12; i++) await settle();
    expect(fetchPage.mock.calls.every(([query]) => query.sort === '-data.n')).toBe(true);
    // Far from the rows wanted, it catches up in the bigger pages.
    expect(fetchPage.mock.calls.map(([, , limit]) => limit)).toEqual([100, 300, 300, 300]);
    expect(rows.rowAt(999)?.id).toBe('s999');
  });

  it('is complete once the two ends meet, and asks for nothing more', async () => {
    const fetchPage = server(300);
    const rows = new PagedRows(fetchPage, {}, sizes(200));
    rows.want(0, 10);
    await settle();
    rows.want(290, 299);
    await settle();
    await settle();
    expect(rows.complete).toBe(true);
    expect(Array.from({ length: 300 }, (_, i) => rows.rowAt(i)?.id)).toEqual(Array.from({ length: 300 }, (_, i) => `s${i}`));
    rows.want(150, 160);
    await settle();
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('keeps a failed page as an error until retried', async () => {
    let failing = true;
    const inner = server(50);
    const fetchPage = vi.fn((q: RowQuery, c: string | null, limit: number) =>
      failing ? Promise.reject(new Error('offline')) : inner(q, c, limit),
    );
    const rows = new PagedRows(fetchPage, {}, sizes(20));
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
    const fetchPage = server(10);
    const rows = new PagedRows(fetchPage, {}, sizes(10));
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

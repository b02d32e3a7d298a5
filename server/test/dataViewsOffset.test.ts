// Jumping into a data view by offset: a page read from row N is exactly rows N.. of the order the
// keyset cursors walk, under every kind of sort, with search and filter, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewSchema } from './viewFixtures.ts';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';

const ROWS = 41;

/** Ties, gaps and negatives, so offsets meet equal and missing sort values. */
function seedRow(i: number): Record<string, unknown> {
  const row: Record<string, unknown> = { name: ['delta', 'alpha', 'charlie', 'bravo'][i % 4], note: i % 2 ? 'odd' : 'even' };
  if (i % 5 !== 2) row.qty = ((i * 7) % 9) - 3;
  return row;
}

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

describe.each(DIALECTS)('data views: jumping by offset on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ formId } = await publishedForm(admin, viewSchema));
    for (let i = 0; i < ROWS; i++) {
      const res = await admin.post(`/api/forms/${formId}/submissions`, { data: seedRow(i) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  const list = (params: Record<string, string | number | undefined>) => admin.get(`/api/forms/${formId}/submissions?${query(params)}`);
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((r) => r.id);

  /** The whole view, following nextCursor from the first page. */
  async function keysetOrder(view: Record<string, string | undefined>): Promise<string[]> {
    const order: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await list({ ...view, limit: 6, cursor });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      order.push(...ids(res));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return order;
  }

  const views: Record<string, string | undefined>[] = [
    { sort: undefined },
    { sort: 'createdAt' },
    { sort: 'data.qty' },
    { sort: '-data.qty' },
    { sort: 'data.name' },
    { sort: '-data.name' },
    { sort: '-data.qty', q: 'odd' },
    { sort: 'data.name', filter: JSON.stringify([{ field: 'data.qty', op: 'gte', value: 0 }]) },
  ];

  it.each(views)('pages by offset read the keyset order exactly: %o', async (view) => {
    const order = await keysetOrder(view);
    expect(new Set(order).size).toBe(order.length);
    expect(order.length).toBeGreaterThan(10);

    // Pages that tile the view, and pages starting anywhere.
    const tiled: string[] = [];
    for (let offset = 0; offset < order.length; offset += 7) {
      const res = await list({ ...view, limit: 7, offset });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(order.length);
      tiled.push(...ids(res));
    }
    expect(tiled).toEqual(order);
    for (const offset of [1, 5, Math.floor(order.length / 2), order.length - 3]) {
      const res = await list({ ...view, limit: 9, offset });
      expect(ids(res)).toEqual(order.slice(offset, offset + 9));
    }

    // The nextCursor of a jumped-to page continues right after it.
    const jumped = await list({ ...view, limit: 4, offset: 9 });
    expect(jumped.body.nextCursor).toEqual(expect.any(String));
    const next = await list({ ...view, limit: 5, cursor: jumped.body.nextCursor });
    expect(ids(next)).toEqual(order.slice(13, 18));
  });

  it('answers past the end with no rows, the right total and no cursor', async () => {
    for (const offset of [ROWS, ROWS + 1, 1_000_000]) {
      const res = await list({ sort: 'data.qty', limit: 10, offset });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [], nextCursor: null, total: ROWS });
    }
    const last = await list({ sort: '-data.name', limit: 10, offset: ROWS - 2 });
    expect(last.body.items).toHaveLength(2);
    expect(last.body.nextCursor).toBeNull();
  });

  it('refuses offsets it cannot read, and an offset with a cursor', async () => {
    const cursor = (await list({ limit: 2 })).body.nextCursor;
    for (const offset of ['-1', '1.5', 'ten', '1000001', '1e9']) {
      const res = await list({ limit: 5, offset });
      expect(res.status, `offset=${offset}`).toBe(400);
      expect(res.body.code).toBe('invalid_request');
    }
    const both = await list({ limit: 5, offset: 3, cursor });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/cursor.*offset/) });
  });
});

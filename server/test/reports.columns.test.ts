import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionSql } from '../src/services/submissionQuerySql.ts';
import {
  ensureAllReportColumns,
  ensureReportColumns,
  reportColumnsOf,
  reportFieldsOf,
  REPORT_COLUMN_LIMITS,
  setReportColumnsEnabled,
} from '../src/services/reports/columns.ts';
import { DIALECTS, adminClient, startTestServer, type Client, type TestServer } from './helpers.ts';

const OPTIONS = ['north', 'south', '東區', '西區'];
const schema = {
  type: 'object',
  properties: {
    dept: { type: 'string', title: 'Department', oneOf: OPTIONS.map((o) => ({ const: o, title: o })) },
    amount: { type: 'number', title: 'Amount', multipleOf: 0.01, minimum: 0 },
    qty: { type: 'integer', title: 'Quantity' },
    day: { type: 'string', format: 'date', title: 'Day' },
    ok: { type: 'boolean', title: 'OK' },
    note: { type: 'string', title: 'Note' },
    remarks: { type: 'string', title: 'Remarks' },
    photo: { type: 'string', title: 'Photo' },
    tags: { type: 'array', uniqueItems: true, items: { type: 'string' } },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
};
const uiSchema = {
  dept: { 'ui:fieldType': 'select' },
  amount: { 'ui:fieldType': 'money' },
  qty: { 'ui:fieldType': 'number' },
  day: { 'ui:fieldType': 'date' },
  ok: { 'ui:fieldType': 'yesno' },
  note: { 'ui:fieldType': 'text' },
  remarks: { 'ui:fieldType': 'textarea' },
  photo: { 'ui:fieldType': 'photo' },
  tags: { 'ui:fieldType': 'multiselect' },
  lines: { 'ui:fieldType': 'subtable' },
};

/** Known rows: nulls, missing values, Chinese text, money with cents. */
const ROWS: Record<string, unknown>[] = [
  { dept: 'north', amount: 10.1, qty: 1, day: '2026-01-05', ok: true, note: 'a', remarks: 'long', tags: ['x'] },
  { dept: 'north', amount: 0.2, qty: 2, day: '2026-01-05', ok: false, note: '乙' },
  { dept: '東區', amount: 1234.56, qty: 3, day: '2026-02-01', ok: true, note: '一二三' },
  { dept: '東區', amount: 0.07, day: '2026-02-02' },
  { dept: 'south', qty: 5 },
  { note: 'no dept' },
  {},
];

describe('reportFieldsOf', () => {
  it('picks scalar report fields, choices and numbers first, and leaves long text, media and containers out', () => {
    expect(reportFieldsOf(schema, uiSchema)).toEqual([
      { key: 'dept', kind: 'text', filtered: true },
      { key: 'ok', kind: 'text', filtered: true },
      { key: 'amount', kind: 'number', filtered: false },
      { key: 'qty', kind: 'number', filtered: false },
      { key: 'day', kind: 'text', filtered: true },
      { key: 'note', kind: 'text', filtered: false },
    ]);
    // Without ui:fieldType (an imported schema) the JSON Schema decides: choices and booleans group.
    expect(
      reportFieldsOf({ properties: { a: { type: 'string', enum: ['x'] }, b: { type: 'string' }, c: { type: 'boolean' } } }, {}),
    ).toEqual([
      { key: 'a', kind: 'text', filtered: true },
      { key: 'c', kind: 'text', filtered: true },
      { key: 'b', kind: 'text', filtered: false },
    ]);
    const many = { properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`n${i}`, { type: 'number' }])) };
    expect(reportFieldsOf(many, {})).toHaveLength(REPORT_COLUMN_LIMITS.perForm);
    // Keys that cannot be written into DDL safely get no column (they are read from the JSON).
    expect(reportFieldsOf({ properties: { 'a"b': { type: 'string' }, "it's": { type: 'string' } } }, {})).toEqual([
      { key: "it's", kind: 'text', filtered: false },
    ]);
  });
});

describe.each(DIALECTS)('report columns on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let db: Knex;
  let formId: string;
  let submissionId: string;

  const indexNames = async (id = formId) =>
    ((await db('report_indexes').where({ form_id: id }).orderBy('name').select('name')) as { name: string }[]).map((r) => r.name);

  /** The group-by-department report as the compiler writes it, reading columns or the JSON. */
  async function departmentReport(useColumns: boolean, filter?: { dept: string }): Promise<{ sql: string; bindings: Knex.Value[] }> {
    const set = await reportColumnsOf(db, formId);
    const sqlOf = (key: string, kind: 'number' | 'text') => {
      const column = useColumns ? set.sqlFor(key, kind) : undefined;
      if (column) return { sql: column, bindings: [] as Knex.Value[] };
      const v = submissionSql.for(db).dataValue(key, kind);
      return { sql: v.sql, bindings: [...v.bindings] as Knex.Value[] };
    };
    const dept = sqlOf('dept', 'text');
    const amount = sqlOf('amount', 'number');
    const qty = sqlOf('qty', 'number');
    const bindings: Knex.Value[] = [...dept.bindings, ...amount.bindings, ...qty.bindings, ...qty.bindings, ...qty.bindings, formId];
    let where = '';
    if (filter) {
      where = ` AND ${dept.sql} = ?`;
      bindings.push(...dept.bindings, filter.dept);
    }
    const sql =
      `SELECT ${dept.sql} AS d, COUNT(*) AS n, SUM(${amount.sql}) AS amount, AVG(${qty.sql}) AS qty_avg, MIN(${qty.sql}) AS qty_min, MAX(${qty.sql}) AS qty_max ` +
      `FROM submissions s WHERE s.form_id = ? AND s.deleted_at IS NULL${where} GROUP BY 1 ORDER BY 1`;
    return { sql, bindings };
  }
  const rowsOf = async (q: { sql: string; bindings: Knex.Value[] }) => {
    const out = await db.raw(q.sql, q.bindings);
    return (dialect === 'postgres' ? out.rows : out).map((r: Record<string, unknown>) => ({
      d: r.d,
      n: Number(r.n),
      amount: r.amount === null ? null : Math.round(Number(r.amount) * 100),
      qtyAvg: r.qty_avg === null ? null : Number(r.qty_avg),
      qtyMin: r.qty_min === null ? null : Number(r.qty_min),
      qtyMax: r.qty_max === null ? null : Number(r.qty_max),
    }));
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    db = server.app.db;
    const app = await admin.post('/api/apps', { name: 'Reports app' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Expenses', schema, uiSchema });
    expect(form.status).toBe(201);
    formId = form.body.id;
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
    for (const data of ROWS) {
      const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
      expect(res.status).toBe(201);
      submissionId = res.body.id;
    }
  });
  afterAll(async () => server?.close());

  it('makes the columns and indexes when a version is published', async () => {
    const names = await indexNames();
    if (dialect === 'sqlite') {
      const columns = await db('report_columns').orderBy('name').select('field_key', 'kind');
      expect(columns.map((c) => `${c.field_key}:${c.kind}`).sort()).toEqual(
        ['amount:number', 'day:text', 'dept:text', 'note:text', 'ok:text', 'qty:number'].sort(),
      );
      // VIRTUAL generated columns (hidden = 2): adding them rewrote no rows.
      const info: { name: string; hidden: number }[] = await db.raw('PRAGMA table_xinfo(submissions)');
      expect(info.filter((c) => c.name.startsWith('rc_')).map((c) => c.hidden)).toEqual([2, 2, 2, 2, 2, 2]);
      expect(names).toHaveLength(1);
      const sqliteIndex = await db('sqlite_master').where({ type: 'index', name: names[0] }).first('sql');
      // Partial: inserts into other forms do not touch it.
      expect(sqliteIndex.sql).toMatch(/\(form_id, rc_\d+, .*created_at, created_by, status, deleted_at\) WHERE form_id = '[0-9a-f-]+'$/);
    } else {
      // The grouped and filtered fields (dept, ok, day); numbers and free text get no index of their own.
      expect(names).toHaveLength(3);
      const found = await db.raw(
        `SELECT c.relname, i.indisvalid, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY(?)`,
        [names],
      );
      expect(found.rows).toHaveLength(3);
      for (const row of found.rows) {
        expect(row.indisvalid).toBe(true);
        expect(row.def).toContain(`WHERE ((form_id)::text = '${formId}'::text)`);
      }
      // The planner takes no statistics from partial indexes: expression statistics say how many groups to expect.
      const stats = await db.raw(`SELECT pg_get_statisticsobjdef(oid) AS def FROM pg_statistic_ext WHERE stxname LIKE 'rs\\_%'`);
      expect(stats.rows.map((r: { def: string }) => r.def.match(/data -> '(\w+)'/)?.[1]).sort()).toEqual(['day', 'dept', 'ok']);
    }
  });

  it('gives the same report with and without them (nulls, missing values, Chinese, cents)', async () => {
    const plain = await rowsOf(await departmentReport(false));
    const indexed = await rowsOf(await departmentReport(true));
    expect(indexed).toEqual(plain);
    // Totals known in advance.
    const byDept = Object.fromEntries(plain.map((r: { d: string | null }) => [String(r.d), r]));
    expect(byDept.north).toMatchObject({ n: 2, amount: 1030, qtyAvg: 1.5, qtyMin: 1, qtyMax: 2 });
    expect(byDept['東區']).toMatchObject({ n: 2, amount: 123463, qtyAvg: 3 });
    expect(byDept.south).toMatchObject({ n: 1, amount: null, qtyAvg: 5 });
    expect(byDept.null).toMatchObject({ n: 2, amount: null, qtyAvg: null });
    // A boolean reads as the text the data views use, a number field's text as written.
    const set = await reportColumnsOf(db, formId);
    if (dialect === 'sqlite') {
      const ok = set.sqlFor('ok', 'text')!;
      const values = await db.raw(`SELECT ${ok} AS v FROM submissions s WHERE s.form_id = ? ORDER BY s.id`, [formId]);
      expect(values.map((r: { v: unknown }) => r.v)).toEqual(['true', 'false', 'true', null, null, null, null]);
      expect(set.sqlFor('remarks', 'text')).toBeUndefined();
    } else {
      expect(set.sqlFor('dept', 'text')).toBeUndefined(); // the planner matches the expression itself
    }
  });

  it('POST /api/reports/query answers the same with and without them', async () => {
    const definitions = [
      {
        formId,
        dimensions: [{ field: 'data.dept' }],
        measures: [
          { op: 'count' },
          { op: 'sum', field: 'data.amount' },
          { op: 'avg', field: 'data.qty' },
          { op: 'max', field: 'data.qty' },
        ],
      },
      {
        formId,
        dimensions: [{ field: 'data.ok' }, { field: 'data.day', bucket: 'month' }],
        measures: [{ op: 'count', field: 'data.note' }],
      },
      { formId, measures: [{ op: 'sum', field: 'data.amount' }], filters: [{ field: 'data.dept', op: 'in', value: ['東區', 'south'] }] },
    ];
    for (const definition of definitions) {
      const indexed = await admin.post('/api/reports/query', definition);
      expect(indexed.status).toBe(200);
      setReportColumnsEnabled(false);
      const naive = await admin.post('/api/reports/query', definition).finally(() => setReportColumnsEnabled(true));
      expect(naive.status).toBe(200);
      expect(indexed.body.rows).toEqual(naive.body.rows);
      expect(indexed.body.rows.length).toBeGreaterThan(0);
    }
    const total = await admin.post('/api/reports/query', definitions[2]);
    expect(total.body.rows).toEqual([[1234.63]]);
  });

  it('another database in the same process maps its own columns', async () => {
    if (dialect !== 'sqlite') return;
    const second = await startTestServer('sqlite');
    try {
      const other = await adminClient(second);
      const app = await other.post('/api/apps', { name: 'Other' });
      // Another field order: here rc_1 is `note`, in the first database `dept`.
      const form = await other.post(`/api/apps/${app.body.id}/forms`, {
        name: 'Other',
        schema: { type: 'object', properties: { note: { type: 'string' }, qty: { type: 'integer' } } },
      });
      expect((await other.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
      for (const data of [{ note: '甲', qty: 2 }, { note: '甲', qty: 4 }, { note: 'b' }]) {
        expect((await other.post(`/api/forms/${form.body.id}/submissions`, { data })).status).toBe(201);
      }
      const definition = { formId: form.body.id, dimensions: [{ field: 'data.note' }], measures: [{ op: 'sum', field: 'data.qty' }] };
      // Both databases in turn, so each one's column map is the one cached when the other asks.
      for (let i = 0; i < 2; i++) {
        expect((await other.post('/api/reports/query', definition)).body.rows).toEqual([
          ['b', 0],
          ['甲', 6],
        ]);
        expect(await rowsOf(await departmentReport(true))).toEqual(await rowsOf(await departmentReport(false)));
      }
    } finally {
      await second.close();
    }
  });

  it('is what the database reads a filtered and a grouped report from', async () => {
    const [name] = await indexNames();
    if (dialect === 'sqlite') {
      const grouped = await departmentReport(true);
      const plan = (await db.raw(`EXPLAIN QUERY PLAN ${grouped.sql}`, grouped.bindings))
        .map((r: { detail: string }) => r.detail)
        .join(' | ');
      // The form's index gives the groups in order (no temporary B-tree) and every value summed.
      expect(plan).toBe(`SEARCH s USING INDEX ${name} (form_id=?)`);
      // Answered from the index alone: the loop reads its values from the index cursor; the table row (its
      // JSON) is looked up at most once per group, for nothing but SQLite's bare-column bookkeeping.
      const code: { addr: number; opcode: string; p1: number; p2: number }[] = await db.raw(`EXPLAIN ${grouped.sql}`, grouped.bindings);
      const root = (await db('sqlite_master').where({ type: 'table', name: 'submissions' }).first('rootpage')).rootpage;
      const tableCursor = code.find((o) => o.opcode === 'OpenRead' && o.p2 === root)?.p1;
      const indexRoot = (await db('sqlite_master').where({ type: 'index', name }).first('rootpage')).rootpage;
      const indexCursor = code.find((o) => o.opcode === 'OpenRead' && o.p2 === indexRoot)?.p1;
      expect(indexCursor).toBeDefined();
      const reads = code.filter((o) => o.opcode === 'Column');
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((o) => o.p1 === indexCursor && o.p1 !== tableCursor)).toBe(true);
      const filtered = await departmentReport(true, { dept: '東區' });
      const filteredPlan = (await db.raw(`EXPLAIN QUERY PLAN ${filtered.sql}`, filtered.bindings)).map((r: { detail: string }) => r.detail);
      expect(filteredPlan.join(' | ')).toMatch(new RegExp(`USING INDEX ${name} \\(form_id=\\? AND rc_\\d+=\\?\\)`));
    } else {
      // Few rows here: a sequential scan would win on cost, so it is taken off the table to see the index is usable.
      await db.transaction(async (trx) => {
        await trx.raw('SET LOCAL enable_seqscan = off');
        const filtered = await departmentReport(false, { dept: '東區' });
        const plan = (await trx.raw(`EXPLAIN ${filtered.sql}`, filtered.bindings)).rows
          .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
          .join('\n');
        const deptIndex = (await indexNames()).find((n) => plan.includes(n));
        expect(plan).toMatch(/Index/);
        expect(deptIndex).toBeDefined();
        const grouped = await departmentReport(false);
        const groupedPlan = (await trx.raw(`EXPLAIN ${grouped.sql}`, grouped.bindings)).rows
          .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
          .join('\n');
        expect(groupedPlan).toContain(`Index Scan using ${deptIndex}`);
      });
      expect(name).toMatch(/^rx_/);
    }
  });

  it('leaks no report column into submissions, lists or exports', async () => {
    const one = await admin.get(`/api/submissions/${submissionId}`);
    expect(one.status).toBe(200);
    const list = await admin.get(`/api/forms/${formId}/submissions`);
    expect(list.status).toBe(200);
    const csv = await admin.get(`/api/forms/${formId}/submissions/export?format=csv`);
    expect(csv.status).toBe(200);
    for (const body of [one.body, list.body, csv.body]) expect(JSON.stringify(body)).not.toMatch(/rc_\d|rx_/);
    expect(Object.keys(one.body.data).sort()).toEqual(Object.keys(ROWS[ROWS.length - 1]));
    expect(list.body.items).toHaveLength(ROWS.length);
  });

  it('publishing again replaces the index, and ensures at once (this server and another) are fine', async () => {
    const draft = await admin.put(`/api/forms/${formId}`, {
      schema: { ...schema, properties: { ...schema.properties, region: { type: 'string', enum: ['HK', 'KLN'] } } },
      uiSchema: { ...uiSchema, region: { 'ui:fieldType': 'radio' } },
    });
    expect(draft.status).toBe(200);
    const before = await indexNames();
    expect((await admin.post(`/api/forms/${formId}/publish`)).status).toBe(201);
    const after = await indexNames();
    if (dialect === 'sqlite') {
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      const left = await db('sqlite_master').where({ type: 'index' }).whereRaw("substr(name, 1, 3) = 'rx_'").select('name');
      expect(left.map((r) => r.name)).toEqual(after);
    } else {
      expect(after).toHaveLength(4);
      expect(after).toEqual(expect.arrayContaining(before));
    }
    // A second server on the same database (PostgreSQL) or queued calls in this one (SQLite) at once.
    const other: Knex = dialect === 'postgres' ? knexFactory({ client: 'pg', connection: server.config.databaseUrl! }) : db;
    try {
      await Promise.all([ensureReportColumns(db, formId), ensureReportColumns(other, formId), ensureReportColumns(db, formId)]);
    } finally {
      if (other !== db) await other.destroy();
    }
    expect(await indexNames()).toEqual(after);
    if (dialect === 'postgres') {
      const invalid = await db.raw(
        `SELECT count(*)::int AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 'rx\\_%' AND NOT i.indisvalid`,
      );
      expect(invalid.rows[0].n).toBe(0);
    }
    expect(await rowsOf(await departmentReport(true))).toEqual(await rowsOf(await departmentReport(false)));
  });

  it('catches up on published forms that have none (start-up), and a template install makes them', async () => {
    for (const name of await indexNames()) await db.raw(`DROP INDEX IF EXISTS ${name}`);
    await db('report_indexes').where({ form_id: formId }).delete();
    expect(await ensureAllReportColumns(db)).toBeGreaterThanOrEqual(1);
    expect((await indexNames()).length).toBeGreaterThan(0);
    expect(await ensureAllReportColumns(db)).toBe(0);

    const installed = await admin.post('/api/templates/inventory/install');
    expect(installed.status).toBe(201);
    const forms: { id: string }[] = installed.body.forms;
    const withIndexes = await db('report_indexes')
      .whereIn(
        'form_id',
        forms.map((f) => f.id),
      )
      .countDistinct({ n: 'form_id' })
      .first();
    expect(Number(withIndexes?.n)).toBeGreaterThan(0);
  });
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

const schema = {
  type: 'object',
  required: ['sku', 'name'],
  properties: {
    ref: { type: 'string', title: 'Reference', readOnly: true },
    sku: { type: 'string', title: 'SKU' },
    name: { type: 'string', title: 'Name', minLength: 1 },
    qty: { type: 'integer', title: 'Quantity', minimum: 0 },
    price: { type: 'number', title: 'Price', multipleOf: 0.01, minimum: 0 },
    received: { type: 'string', title: 'Received', format: 'date' },
    checkedAt: { type: 'string', title: 'Checked at', format: 'date-time' },
    active: {
      type: 'boolean',
      title: 'Active',
      oneOf: [
        { const: true, title: 'Yes' },
        { const: false, title: 'No' },
      ],
    },
    colour: {
      type: 'string',
      title: 'Colour',
      oneOf: [
        { const: 'red', title: 'Red' },
        { const: 'blue', title: 'Blue' },
      ],
    },
    tags: {
      type: 'array',
      title: 'Tags',
      uniqueItems: true,
      items: {
        type: 'string',
        oneOf: [
          { const: 'fragile', title: 'Fragile' },
          { const: 'cold', title: 'Cold chain' },
        ],
      },
    },
    note: { type: 'string', title: 'Note' },
  },
};
const uiSchema = {
  ref: { 'ui:fieldType': 'autonumber', 'ui:readonly': true, 'ui:options': { pattern: 'IMP-{0000}' } },
  price: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
  tags: { 'ui:fieldType': 'multiselect' },
  'ui:i18n': {
    'zh-Hant': {
      '/schema/properties/sku/title': '貨號',
      '/schema/properties/name/title': '名稱',
      '/schema/properties/qty/title': '數量',
      '/schema/properties/price/title': '價格',
      '/schema/properties/received/title': '收貨日期',
      '/schema/properties/active/title': '有效',
      '/schema/properties/colour/title': '顏色',
      '/schema/properties/colour/oneOf/0/title': '紅',
      '/schema/properties/colour/oneOf/1/title': '藍',
      '/schema/properties/tags/title': '標籤',
      '/schema/properties/tags/items/oneOf/0/title': '易碎',
      '/schema/properties/tags/items/oneOf/1/title': '冷鏈',
    },
  },
};

const BOM = '\uFEFF';
const csv = (lines: string[]) => Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');

async function importForm(client: Client): Promise<{ appId: string; formId: string }> {
  const app = await client.post('/api/apps', { name: 'Imports' });
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Stock list', schema, uiSchema });
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  expect((await client.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
  return { appId: app.body.id, formId: form.body.id };
}

// The test client sends string bodies; fetch takes a Buffer just the same.
const upload = (client: Client, formId: string, bytes: Buffer, name = 'stock.csv') =>
  client.request('POST', `/api/forms/${formId}/imports`, {
    rawBody: bytes as unknown as string,
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
  });

async function finished(client: Client, id: string) {
  for (let i = 0; i < 400; i++) {
    const res = await client.get(`/api/imports/${id}`);
    expect(res.status).toBe(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

describe.each(DIALECTS)('bulk import on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const rowsOf = async (formId: string) =>
    (await server.app.db('submissions').where({ form_id: formId }).orderBy('id')).map((r: any) =>
      typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
    );

  const chineseCsv = csv([
    '貨號,名稱,數量,價格,收貨日期,有效,顏色,標籤,Note,Checked at',
    'A-1,扳手,"1,234","HK$1,234.50",01/03/2026,是,藍,易碎;冷鏈,"two',
    'lines",2026-03-01 09:30',
    'A-2,Hammer,7,19.99,2026-3-2,no,Red,Fragile,,',
  ]);

  it('reads a CSV with a BOM and Chinese headers, guesses the mapping and converts by field type', async () => {
    const { formId } = await importForm(admin);
    const up = await upload(admin, formId, chineseCsv);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ format: 'csv', fileName: 'stock.csv', rowCount: 2, alreadyImported: false, keyField: null });
    expect(up.body.columns[0]).toBe('貨號'); // the BOM is not part of the first header
    expect(up.body.mapping).toEqual({
      貨號: 'sku',
      名稱: 'name',
      數量: 'qty',
      價格: 'price',
      收貨日期: 'received',
      有效: 'active',
      顏色: 'colour',
      標籤: 'tags',
      Note: 'note',
      'Checked at': 'checkedAt',
    });
    expect(up.body.sample[0][8]).toBe('two\nlines');
    expect(up.body.fields.map((f: any) => f.key)).toEqual([
      'sku',
      'name',
      'qty',
      'price',
      'received',
      'checkedAt',
      'active',
      'colour',
      'tags',
      'note',
    ]);
    expect(up.body.fields[0]).toEqual({ key: 'sku', title: { en: 'SKU', 'zh-Hant': '貨號' }, type: 'string' });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    const preview = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: up.body.mapping });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 2, valid: 2, invalid: 0, duplicates: 0, errors: [] });
    expect(preview.body.rows[0]).toEqual({
      row: 2,
      data: {
        sku: 'A-1',
        name: '扳手',
        qty: 1234,
        price: 1234.5,
        received: '2026-03-01',
        active: true,
        colour: 'blue',
        tags: ['fragile', 'cold'],
        note: 'two\nlines',
        checkedAt: '2026-03-01T09:30:00+08:00',
      },
    });
    // Row numbers are the spreadsheet's: the quoted line break keeps the second record on row 3.
    expect(preview.body.rows[1]).toEqual({
      row: 3,
      data: { sku: 'A-2', name: 'Hammer', qty: 7, price: 19.99, received: '2026-03-02', active: false, colour: 'red', tags: ['fragile'] },
    });
    expect(await rowsOf(formId)).toEqual([]); // a preview writes nothing
  });

  it('detects ; and tab delimiters and sniffs the type by content, not by name', async () => {
    const { formId } = await importForm(admin);
    const semi = await upload(admin, formId, csv(['sku;name;qty', 'S-1;"Box; large";3']), 'data.txt');
    expect(semi.status).toBe(201);
    expect(semi.body.columns).toEqual(['sku', 'name', 'qty']);
    expect(semi.body.sample).toEqual([['S-1', 'Box; large', '3']]);
    const tab = await upload(admin, formId, csv(['sku\tname', 'T-1\tTape']));
    expect(tab.body.columns).toEqual(['sku', 'name']);
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f30000000049454e44ae426082',
      'hex',
    );
    const refused = await upload(admin, formId, png, 'stock.csv');
    expect([refused.status, refused.body.code]).toEqual([422, 'import_unreadable']);
    expect(refused.body.message).toMatch(/PNG/);
    const latin1 = await upload(admin, formId, Buffer.from('sku,name\nA,Caf\xe9\n', 'latin1'));
    expect([latin1.status, latin1.body.code]).toEqual([422, 'import_unreadable']);
    expect(latin1.body.message).toMatch(/UTF-8/);
    const headerOnly = await upload(admin, formId, csv(['sku,name']));
    expect([headerOnly.status, headerOnly.body.code]).toEqual([422, 'import_unreadable']);
    const huge = await upload(admin, formId, Buffer.alloc(20 * 1024 * 1024 + 10, 0x41));
    expect([huge.status, huge.body.code]).toEqual([413, 'file_too_large']);
    const manyRows = await upload(admin, formId, Buffer.from(`sku\n${'a\n'.repeat(100_001)}`));
    expect([manyRows.status, manyRows.body.code]).toEqual([413, 'file_too_large']);
    const justEnough = await upload(admin, formId, Buffer.from(`sku\n${'a\n'.repeat(100_000)}`));
    expect([justEnough.status, justEnough.body.rowCount]).toEqual([201, 100_000]);
  });

  it('reads the first sheet of an XLSX: numbers, dates, rich text, formula results, booleans', async () => {
    const { formId } = await importForm(admin);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Stock');
    workbook.addWorksheet('Other').addRow(['ignored']);
    sheet.addRow(['SKU', 'Name', 'Quantity', 'Price', 'Received', 'Active', 'Checked at']);
    sheet.addRow([
      'X-1',
      { richText: [{ text: 'Big ' }, { text: 'box', font: { bold: true } }] },
      12,
      0.1 + 0.2,
      new Date(Date.UTC(2026, 2, 1)),
      true,
      new Date(Date.UTC(2026, 2, 1, 14, 5)),
    ]);
    sheet.addRow(['X-2', 'Crate', { formula: 'C2*2', result: 24 }, 5, 46083, false, null]);
    sheet.getCell('E3').numFmt = 'General'; // a bare serial number in a date column is an Excel date too
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const up = await upload(admin, formId, bytes, 'stock.csv'); // the name lies; the content decides
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.format).toBe('xlsx');
    expect(up.body.columns).toEqual(['SKU', 'Name', 'Quantity', 'Price', 'Received', 'Active', 'Checked at']);
    expect(up.body.sample[0]).toEqual(['X-1', 'Big box', 12, 0.30000000000000004, '2026-03-01', true, '2026-03-01T14:05:00']);
    const preview = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: up.body.mapping });
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.rows.map((r: any) => r.data)).toEqual([
      { sku: 'X-1', name: 'Big box', qty: 12, price: 0.3, received: '2026-03-01', active: true, checkedAt: '2026-03-01T14:05:00+08:00' },
      { sku: 'X-2', name: 'Crate', qty: 24, price: 5, received: '2026-03-02', active: false },
    ]);
  });

  it('remembers the last mapping per person and form for columns that still exist', async () => {
    const { appId, formId } = await importForm(admin);
    const file = csv(['Code,Description,Remarks', 'C-1,Widget,fine']);
    const first = await upload(admin, formId, file);
    expect(first.body.mapping).toEqual({ Code: null, Description: null, Remarks: null }); // nothing to guess from
    const mapping = { Code: 'sku', Description: 'name', Remarks: 'note' };
    expect((await admin.post(`/api/imports/${first.body.id}/preview`, { mapping, keyField: 'sku' })).status).toBe(200);
    const second = await upload(admin, formId, csv(['Code,Description,Qty', 'C-2,Gadget,4']));
    expect(second.body.mapping).toEqual({ Code: 'sku', Description: 'name', Qty: 'qty' });
    expect(second.body.keyField).toBe('sku');
    // another person starts from the guesses
    const { client: other, user } = await userClient(server, admin, 'member', 'other');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: user.id, permissions: ['view_all'] }] });
    const theirs = await upload(other, formId, file);
    expect(theirs.status).toBe(201);
    expect(theirs.body.mapping).toEqual({ Code: null, Description: null, Remarks: null });
  });

  it("previews per-row errors with the file's row numbers and columns, writing nothing", async () => {
    const { formId } = await importForm(admin);
    const file = csv([
      'SKU,Name,Quantity,Colour,Received',
      'B-1,Good,1,red,2026-03-01',
      'B-2,Bad qty,abc,red,',
      'B-3,,2,red,',
      '',
      'B-5,Bad colour,3,green,31/02/2026',
      'B-6,Negative,-1,blue,',
    ]);
    const up = await upload(admin, formId, file);
    const preview = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: up.body.mapping });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ total: 5, valid: 1, invalid: 4, duplicates: 0 });
    const brief = preview.body.errors.map((e: any) => [e.row, e.column, e.field, e.keyword]);
    expect(brief).toEqual([
      [3, 'Quantity', 'qty', 'type'],
      [6, 'Colour', 'colour', 'oneOf'],
      [6, 'Received', 'received', 'format'],
      [4, 'Name', 'name', 'required'],
      [7, 'Quantity', 'qty', 'minimum'],
    ]);
    expect(preview.body.errors[0]).toMatchObject({ value: 'abc', params: { type: 'number' } });
    expect(preview.body.errors[0].message).toContain('abc');
    expect(preview.body.errors[2]).toMatchObject({ value: '31/02/2026', params: { format: 'date' } });
    expect(preview.body.errors[4]).toMatchObject({ value: '-1', params: { limit: 0 } });
    expect(await rowsOf(formId)).toEqual([]);

    const unknownField = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: { SKU: 'nope' } });
    expect([unknownField.status, unknownField.body.code]).toEqual([422, 'invalid_mapping']);
    const twice = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: { SKU: 'sku', Name: 'sku' } });
    expect([twice.status, twice.body.code]).toEqual([422, 'invalid_mapping']);
    const badKey = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: { SKU: 'sku', Name: 'name' }, keyField: 'qty' });
    expect([badKey.status, badKey.body.code]).toEqual([422, 'invalid_key_field']);
    const serverWritten = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: { SKU: 'ref' } });
    expect([serverWritten.status, serverWritten.body.code]).toEqual([422, 'invalid_mapping']);
  });

  it('writes nothing when one row is bad, and numbers a good import without gaps in file order', async () => {
    const { formId } = await importForm(admin);
    const lines = ['SKU,Name,Quantity'];
    for (let i = 1; i <= 120; i++) lines.push(`N-${i},Item ${i},${i === 77 ? 'x' : i}`);
    const bad = await upload(admin, formId, csv(lines));
    const commit = await admin.post(`/api/imports/${bad.body.id}/commit`, { mapping: bad.body.mapping });
    expect(commit.status).toBe(202);
    const failed = await finished(admin, bad.body.id);
    expect(failed).toMatchObject({ status: 'failed', inserted: 0, total: 120 });
    expect(failed.errors).toEqual([expect.objectContaining({ row: 78, column: 'Quantity', keyword: 'type' })]);
    expect(await rowsOf(formId)).toEqual([]);

    lines[77] = 'N-77,Item 77,77';
    const good = await upload(admin, formId, csv(lines));
    const eventsBefore = Number(
      (await server.app.db('domain_events').where({ type: 'submission.created', form_id: formId }).count({ n: '*' }))[0].n,
    );
    expect((await admin.post(`/api/imports/${good.body.id}/commit`, { mapping: good.body.mapping })).status).toBe(202);
    const done = await finished(admin, good.body.id);
    expect(done).toMatchObject({ status: 'done', total: 120, processed: 120, inserted: 120, skipped: 0, errors: [] });
    const rows = await rowsOf(formId);
    expect(rows).toHaveLength(120);
    const bySku = new Map(rows.map((d: any) => [d.sku, d.ref]));
    for (let i = 1; i <= 120; i++) expect(bySku.get(`N-${i}`)).toBe(`IMP-${String(i).padStart(4, '0')}`);
    const events = await server.app.db('domain_events').where({ type: 'submission.created', form_id: formId });
    expect(events.length - eventsBefore).toBe(120);
    const payload = (e: any) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload);
    expect(events.every((e: any) => payload(e).importId === good.body.id)).toBe(true);
    // the failed import took no numbers: the next submission follows on
    const next = await admin.post(`/api/forms/${formId}/submissions`, { data: { sku: 'after', name: 'After' } });
    expect(next.body.data.ref).toBe('IMP-0121');

    const again = await admin.post(`/api/imports/${good.body.id}/commit`, { mapping: good.body.mapping });
    expect([again.status, again.body.code]).toEqual([409, 'import_already_committed']);
  });

  it('lets a failed import be committed again with another mapping; a bad mapping is refused at commit', async () => {
    const { formId } = await importForm(admin);
    const up = await upload(admin, formId, csv(['SKU,Name,Quantity', 'F-1,One,x', 'F-2,Two,2']));
    const badMapping = await admin.post(`/api/imports/${up.body.id}/commit`, { mapping: { SKU: 'sku', Nope: 'name' } });
    expect([badMapping.status, badMapping.body.code]).toEqual([422, 'invalid_mapping']);
    expect((await admin.get(`/api/imports/${up.body.id}`)).body.status).toBe('uploaded');
    await admin.post(`/api/imports/${up.body.id}/commit`, { mapping: up.body.mapping });
    expect(await finished(admin, up.body.id)).toMatchObject({ status: 'failed', inserted: 0 });
    const retry = await admin.post(`/api/imports/${up.body.id}/commit`, { mapping: { SKU: 'sku', Name: 'name', Quantity: null } });
    expect(retry.status).toBe(202);
    expect(await finished(admin, up.body.id)).toMatchObject({ status: 'done', inserted: 2, errors: [], mapping: { Quantity: null } });
    expect((await rowsOf(formId)).map((d: any) => [d.sku, d.qty])).toEqual([
      ['F-1', undefined],
      ['F-2', undefined],
    ]);
  });

  it('skips rows whose key exists already or repeats in the file', async () => {
    const { formId } = await importForm(admin);
    const first = await upload(admin, formId, csv(['SKU,Name', 'K-1,One', 'K-2,Two']));
    await admin.post(`/api/imports/${first.body.id}/commit`, { mapping: first.body.mapping, keyField: 'sku' });
    expect(await finished(admin, first.body.id)).toMatchObject({ status: 'done', inserted: 2, skipped: 0 });

    const rerun = await upload(
      admin,
      formId,
      csv(['SKU,Name', 'K-1,One again', 'K-3,Three', 'K-3,Three twice', 'K-2,Two again', ',No key']),
    );
    expect(rerun.body.keyField).toBe('sku'); // remembered
    const preview = await admin.post(`/api/imports/${rerun.body.id}/preview`, { mapping: rerun.body.mapping, keyField: 'sku' });
    expect(preview.body).toMatchObject({ total: 5, valid: 1, invalid: 1, duplicates: 3 });
    expect(preview.body.errors).toEqual([expect.objectContaining({ row: 6, column: 'SKU', field: 'sku', keyword: 'required' })]);

    const fixed = await upload(admin, formId, csv(['SKU,Name', 'K-1,One again', 'K-3,Three', 'K-3,Three twice', 'K-2,Two again']));
    await admin.post(`/api/imports/${fixed.body.id}/commit`, { mapping: fixed.body.mapping, keyField: 'sku' });
    expect(await finished(admin, fixed.body.id)).toMatchObject({ status: 'done', inserted: 1, skipped: 3 });
    const rows = await rowsOf(formId);
    expect(rows.map((d: any) => d.sku).sort()).toEqual(['K-1', 'K-2', 'K-3']);
    expect(rows.find((d: any) => d.sku === 'K-3').name).toBe('Three');
  });

  it('finds existing keys among many (one pass over the form), numbers and texts alike', async () => {
    const { formId } = await importForm(admin);
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `${from + i},Item ${from + i},${(from + i) * 1.5}`);
    const first = await upload(admin, formId, csv(['SKU,Name,Price', ...lines(1, 600)]));
    await admin.post(`/api/imports/${first.body.id}/commit`, { mapping: first.body.mapping, keyField: 'sku' });
    expect(await finished(admin, first.body.id)).toMatchObject({ status: 'done', inserted: 600 });
    const again = await upload(admin, formId, csv(['SKU,Name,Price', ...lines(596, 1205)]));
    const preview = await admin.post(`/api/imports/${again.body.id}/preview`, { mapping: again.body.mapping, keyField: 'sku' });
    expect(preview.body).toMatchObject({ total: 610, valid: 605, duplicates: 5 });
    // keyed by the price, a number: 1.5 × 1..600 are there already
    const byPrice = await admin.post(`/api/imports/${again.body.id}/preview`, { mapping: again.body.mapping, keyField: 'price' });
    expect(byPrice.body).toMatchObject({ total: 610, valid: 605, duplicates: 5 });
  });

  it('imports the same file only once when there is no key column', async () => {
    const { formId } = await importForm(admin);
    const file = csv(['SKU,Name', 'H-1,One', 'H-2,Two']);
    const first = await upload(admin, formId, file);
    await admin.post(`/api/imports/${first.body.id}/commit`, { mapping: first.body.mapping, keyField: null });
    expect(await finished(admin, first.body.id)).toMatchObject({ status: 'done', inserted: 2 });
    const second = await upload(admin, formId, file, 'renamed.csv');
    expect(second.body.alreadyImported).toBe(true);
    const preview = await admin.post(`/api/imports/${second.body.id}/preview`, { mapping: second.body.mapping, keyField: null });
    expect(preview.body).toMatchObject({ total: 2, valid: 0, duplicates: 2 });
    // two imports of it at once: still one copy
    const third = await upload(admin, formId, file);
    await Promise.all([
      admin.post(`/api/imports/${second.body.id}/commit`, { mapping: second.body.mapping, keyField: null }),
      admin.post(`/api/imports/${third.body.id}/commit`, { mapping: third.body.mapping, keyField: null }),
    ]);
    expect(await finished(admin, second.body.id)).toMatchObject({ status: 'done', inserted: 0, skipped: 2 });
    expect(await finished(admin, third.body.id)).toMatchObject({ status: 'done', inserted: 0, skipped: 2 });
    expect(await rowsOf(formId)).toHaveLength(2);
  });

  it('reads a relation cell as the record whose display field it names, or as an id', async () => {
    const app = await admin.post('/api/apps', { name: 'Relations' });
    const items = await admin.post(`/api/apps/${app.body.id}/forms`, {
      name: 'Items',
      schema: { type: 'object', properties: { name: { type: 'string', title: 'Name' } } },
    });
    await admin.post(`/api/forms/${items.body.id}/publish`);
    const jack = await admin.post(`/api/forms/${items.body.id}/submissions`, { data: { name: 'Pallet jack' } });
    const truck = await admin.post(`/api/forms/${items.body.id}/submissions`, { data: { name: 'Hand truck' } });
    const moves = await admin.post(`/api/apps/${app.body.id}/forms`, {
      name: 'Moves',
      schema: { type: 'object', properties: { item: { type: 'string', title: 'Item' }, qty: { type: 'integer', title: 'Qty' } } },
      uiSchema: { item: { 'ui:fieldType': 'relation', 'ui:options': { form: items.body.id, displayField: 'name' } } },
    });
    expect(moves.status, JSON.stringify(moves.body)).toBe(201);
    await admin.post(`/api/forms/${moves.body.id}/publish`);
    const up = await upload(admin, moves.body.id, csv(['Item,Qty', 'Pallet jack,2', `${truck.body.id},1`, 'Forklift,3']));
    expect(up.body.mapping).toEqual({ Item: 'item', Qty: 'qty' });
    const preview = await admin.post(`/api/imports/${up.body.id}/preview`, { mapping: up.body.mapping });
    expect(preview.body).toMatchObject({ total: 3, valid: 2, invalid: 1 });
    expect(preview.body.rows.slice(0, 2).map((r: any) => r.data.item)).toEqual([jack.body.id, truck.body.id]);
    expect(preview.body.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'Item', field: 'item', keyword: 'relation', value: 'Forklift' }),
    ]);
  });

  it('imports stock movements through the stock ledger in file order, all or nothing, items and zones by name', async () => {
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    const [itemForm, zoneForm, movementForm] = installed.forms;
    const zone = await admin.post(`/api/forms/${zoneForm.id}/submissions`, {
      data: { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' },
    });
    const item = await admin.post(`/api/forms/${itemForm.id}/submissions`, { data: { sku: 'W-1', name: 'Widget', unit: 'kg' } });
    expect([zone.status, item.status]).toEqual([201, 201]);
    const onHand = async () =>
      (await admin.get(`/api/forms/${movementForm.id}/stock?item=${item.body.id}&zone=${zone.body.id}`)).body.items[0]?.onHand;
    const movements = async () => (await server.app.db('submissions').where({ form_id: movementForm.id })).length;

    // The issue is covered by the receipt before it in the same file.
    const good = await upload(
      admin,
      movementForm.id,
      csv(['Movement,Item,Zone,Quantity', 'Receive,Widget,Tuen Mun A-01,10', '發貨,Widget,Tuen Mun A-01,3']),
    );
    expect(good.body.mapping).toMatchObject({ Movement: 'movementType', Item: 'item', Zone: 'zone', Quantity: 'quantity' });
    await admin.post(`/api/imports/${good.body.id}/commit`, { mapping: good.body.mapping });
    expect(await finished(admin, good.body.id)).toMatchObject({ status: 'done', inserted: 2 });
    expect(await onHand()).toBe(7);

    const over = await upload(
      admin,
      movementForm.id,
      csv(['Movement,Item,Zone,Quantity', 'Receive,Widget,Tuen Mun A-01,1', 'Issue,Widget,Tuen Mun A-01,100']),
    );
    await admin.post(`/api/imports/${over.body.id}/commit`, { mapping: over.body.mapping });
    const failed = await finished(admin, over.body.id);
    expect(failed).toMatchObject({ status: 'failed', inserted: 0 });
    expect(failed.errors).toEqual([expect.objectContaining({ row: 3, keyword: 'insufficient_stock' })]);
    expect(await onHand()).toBe(7); // the receipt in row 2 was rolled back with the rest
    expect(await movements()).toBe(2);
  });

  it("links the files its rows name, as a submission does, and refuses a file that is not the importer's", async () => {
    const app = await admin.post('/api/apps', { name: 'Files' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, {
      name: 'Receipts',
      schema: { type: 'object', properties: { ref: { type: 'string', title: 'Ref' }, receipt: { type: 'string', title: 'Receipt' } } },
      uiSchema: { receipt: { 'ui:fieldType': 'file' } },
    });
    await admin.post(`/api/forms/${form.body.id}/publish`);
    const file = await admin.request('POST', '/api/files?purpose=file', {
      rawBody: 'a receipt\n',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': 'receipt.txt' },
    });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const bad = await upload(admin, form.body.id, csv(['Ref,Receipt', `R-1,${file.body.id}`, 'R-2,not-a-file']));
    const preview = await admin.post(`/api/imports/${bad.body.id}/preview`, { mapping: bad.body.mapping });
    expect(preview.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'Receipt', keyword: 'file' })]);
    const good = await upload(admin, form.body.id, csv(['Ref,Receipt', `R-1,${file.body.id}`]));
    await admin.post(`/api/imports/${good.body.id}/commit`, { mapping: good.body.mapping });
    expect(await finished(admin, good.body.id)).toMatchObject({ status: 'done', inserted: 1 });
    const [row] = await server.app.db('submissions').where({ form_id: form.body.id });
    expect(await server.app.db('submission_files').where({ submission_id: row.id })).toEqual([
      { submission_id: row.id, file_id: file.body.id },
    ]);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths['/api/forms/{formId}/imports'].post.responses)).toEqual(
      expect.arrayContaining(['201', '403', '404', '413', '422']),
    );
    for (const path of ['/api/imports/{importId}/preview', '/api/imports/{importId}/commit']) expect(doc.paths[path].post).toBeDefined();
    expect(doc.paths['/api/imports/{importId}'].get).toBeDefined();
  });

  it('takes "see all" in the app; others get 403 or 404, and an import is its uploader\'s', async () => {
    const { appId, formId } = await importForm(admin);
    const file = csv(['SKU,Name', 'P-1,One']);
    const { client: filler } = await userClient(server, admin, 'member', 'filler'); // everyone may fill a new app
    expect((await upload(filler, formId, file)).body.code).toBe('forbidden');
    expect((await upload(filler, formId, file)).status).toBe(403);
    const { client: viewer, user: viewerUser } = await userClient(server, admin, 'member', 'viewer');
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: viewerUser.id, permissions: ['view_all'] }] });
    // the grants now name only the viewer: the filler has no grant at all
    const hidden = await upload(filler, formId, file);
    expect([hidden.status, hidden.body.code]).toEqual([404, 'form_not_found']);
    const mine = await upload(viewer, formId, file);
    expect(mine.status).toBe(201);
    for (const res of [
      await admin.get(`/api/imports/${mine.body.id}`),
      await admin.post(`/api/imports/${mine.body.id}/preview`, { mapping: mine.body.mapping }),
      await filler.get(`/api/imports/${mine.body.id}`),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'import_not_found']);
    }
    await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: viewerUser.id, permissions: ['fill'] }] });
    const demoted = await viewer.post(`/api/imports/${mine.body.id}/commit`, { mapping: mine.body.mapping });
    expect([demoted.status, demoted.body.code]).toEqual([403, 'forbidden']);
    expect(await rowsOf(formId)).toEqual([]);
  });
});

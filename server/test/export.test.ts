import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    note: { type: 'string' },
    qty: { type: 'number' },
    address: { type: 'object', properties: { line1: { type: 'string' }, district: { type: 'string' } } },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
  },
};

describe.each(DIALECTS)('export on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let formId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    ({ formId } = await publishedForm(admin, schema));
    await admin.post(`/api/forms/${formId}/submissions`, {
      data: {
        name: '陳大文',
        note: '=HYPERLINK("http://evil")',
        qty: -5,
        address: { line1: '1 Queen\'s Rd, "C"', district: '中西區' },
        lines: [{ sku: 'A1' }],
      },
    });
    await admin.post(`/api/forms/${formId}/submissions`, { data: { name: '@SUM(A1)', note: '+1\nnext line', qty: 2 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('downloads CSV with a BOM, dotted columns, JSON arrays and neutralized formulas', async () => {
    const res = await fetch(`${server.url}/api/forms/${formId}/submissions/export?format=csv`, {
      headers: { cookie: (admin as any).cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const header = text.split('\r\n')[0];
    expect(header).toContain('address.line1');
    expect(header).toContain('address.district');
    expect(header).toContain('lines');
    expect(text).toContain('陳大文');
    expect(text).toContain('中西區');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain("'@SUM(A1)");
    expect(text).toMatch(/"'\+1\nnext line"/);
    expect(text).toContain(',-5,');
    expect(text).toContain('"1 Queen\'s Rd, ""C"""');
    expect(text).toContain('"[{""sku"":""A1""}]"');
  });

  it('downloads an Excel workbook with the same values', async () => {
    const res = await fetch(`${server.url}/api/forms/${formId}/submissions/export?format=xlsx`, {
      headers: { cookie: (admin as any).cookie },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as any);
    const sheet = wb.worksheets[0];
    const values = sheet.getSheetValues().flat().map(String);
    expect(values).toContain('陳大文');
    expect(values).toContain('\'=HYPERLINK("http://evil")');
    expect(values).toContain('-5');
  });
});

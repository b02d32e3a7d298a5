import { describe, expect, it } from 'vitest';
import { csvChunks } from './csv.ts';
import { exportColumns } from './columns.ts';
import type { ExportRow } from './cells.ts';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    note: { type: 'string' },
    amount: { type: 'number' },
    ok: { type: 'boolean' },
    shipping: { type: 'object', properties: { line1: { type: 'string' } } },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

function row(data: Record<string, unknown>, id = 'sub_1'): ExportRow {
  return { id, submittedAt: '2025-03-01T02:03:04.000Z', submittedBy: 'usr_1', formVersion: 1, data };
}

async function* from<T>(items: T[]) {
  yield* items;
}

async function csv(rows: ExportRow[]): Promise<{ chunks: string[]; text: string }> {
  const chunks: string[] = [];
  for await (const chunk of csvChunks(exportColumns([schema]), from(rows))) chunks.push(chunk);
  return { chunks, text: chunks.join('') };
}

describe('csvChunks', () => {
  it('starts with a BOM, then a header of column keys, with CRLF line ends', async () => {
    const { chunks, text } = await csv([]);
    expect(chunks[0]).toBe('\uFEFF');
    expect(text).toBe('\uFEFFid,submitted_at,submitted_by,form_version,name,note,amount,ok,shipping.line1,tags\r\n');
  });

  it('round-trips Chinese text as UTF-8', async () => {
    const { text } = await csv([row({ name: '陳大文', note: '九龍觀塘' })]);
    const decoded = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.from(text, 'utf8'));
    expect(decoded.startsWith('\uFEFF')).toBe(true);
    expect(decoded.split('\r\n')[1]).toBe('sub_1,2025-03-01T02:03:04.000Z,usr_1,1,陳大文,九龍觀塘,,,,');
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes and newlines per RFC 4180', async () => {
    const { text } = await csv([row({ name: 'Chan, Tai Man', note: 'He said "hi"\r\nthen left\n', shipping: { line1: 'plain' } })]);
    const body = text.split('\r\n').slice(1).join('\r\n');
    expect(body).toBe('sub_1,2025-03-01T02:03:04.000Z,usr_1,1,"Chan, Tai Man","He said ""hi""\r\nthen left\n",,,plain,\r\n');
  });

  it('neutralizes formulas for each of the six leading characters, and not numbers', async () => {
    const notes = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'];
    const { text } = await csv(notes.map((note, i) => row({ note, amount: -5 }, `sub_${i}`)));
    const lines = text.slice(1).split('\r\n');
    expect(lines[1]).toBe("sub_0,2025-03-01T02:03:04.000Z,usr_1,1,,'=1+1,-5,,,");
    expect(lines[2]).toContain(",'+1,-5,");
    expect(lines[3]).toContain(",'-1,-5,");
    expect(lines[4]).toContain(",'@SUM(A1),-5,");
    expect(lines[5]).toContain(",'\tx,-5,");
    // CR forces quoting, and the quote goes inside.
    expect(text).toContain(`,"'\rx",-5,`);
  });

  it('writes booleans, JSON for arrays, empty for missing', async () => {
    const { text } = await csv([row({ ok: true, tags: ['a', 'b'] })]);
    expect(text.split('\r\n')[1]).toBe('sub_1,2025-03-01T02:03:04.000Z,usr_1,1,,,,true,,"[""a"",""b""]"');
  });

  it('yields a chunk per row, so rows stream', async () => {
    const { chunks } = await csv([row({}), row({}), row({})]);
    expect(chunks).toHaveLength(2 + 3);
  });
});

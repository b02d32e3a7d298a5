import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportColumn } from '@formloom/schemas';
import { formatInstant } from '@formloom/schemas';
import { attachmentDisposition, displayCell, reportFile, reportTitle } from './exportReport.ts';

const column = (id: string, type: string, role: ReportColumn['role'] = 'dimension'): ReportColumn =>
  ({ id, role, type, label: { en: id, 'zh-Hant': id } }) as ReportColumn;

describe('report exports', () => {
  it('names the file safely: no CR/LF, quotes or path separators; RFC 5987 encodes the rest', () => {
    const header = attachmentDisposition('a"b\r\nc/d\\e;f%g 報表 (1)*!\'.csv');
    expect(header).toBe(
      `attachment; filename="a_b__c_d_e_f_g __ (1)*!'.csv"; filename*=UTF-8''a%22b__c_d_e%3Bf%25g%20%E5%A0%B1%E8%A1%A8%20%281%29%2A%21%27.csv`,
    );
    expect(attachmentDisposition('\r\n')).toBe(`attachment; filename="__"; filename*=UTF-8''__`);
  });

  it('reads cells as people do: labels in their language, numeric strings as numbers, instants on the report’s clock', () => {
    const labels = { d0: { travel: { en: 'Travel', 'zh-Hant': '交通' }, true: { en: 'Yes', 'zh-Hant': '' } } };
    expect(displayCell(column('d0', 'text'), 'travel', labels, 'zh-Hant', 'UTC')).toBe('交通');
    expect(displayCell(column('d0', 'boolean'), true, labels, 'zh-Hant', 'UTC')).toBe('Yes'); // an empty translation falls back to English
    expect(displayCell(column('d0', 'text'), 'other', labels, 'en', 'UTC')).toBe('other');
    expect(displayCell(column('m0', 'money', 'measure'), '1234.50', {}, 'en', 'UTC')).toBe(1234.5);
    expect(displayCell(column('m0', 'money', 'measure'), null, {}, 'en', 'UTC')).toBeNull();
    expect(displayCell(column('d1', 'datetime'), '2026-11-25T16:30:00.000Z', {}, 'en', 'Asia/Hong_Kong')).toBe('2026-11-26 00:30');
    expect(formatInstant('not a date', 'UTC')).toBe('not a date');
  });

  it('titles: the reader’s language, else English, else a word for "report"', () => {
    expect(reportTitle({ title: { en: 'Spend', 'zh-Hant': '開支' } }, 'zh-Hant')).toBe('開支');
    expect(reportTitle({ title: { en: 'Spend', 'zh-Hant': ' ' } }, 'zh-Hant')).toBe('Spend');
    expect(reportTitle({}, 'zh-Hant')).toBe('報表');
    expect(reportTitle({}, 'en')).toBe('Report');
  });

  it('writes date-times as Excel dates on the report’s clock and keeps an empty result’s header', async () => {
    const empty = { columns: [column('d0', 'datetime')], rows: [], labels: {}, truncated: false, computedAt: new Date().toISOString() };
    const csv = await reportFile({ timezone: 'UTC' }, empty, 'en', 'csv');
    expect(csv.body.toString('utf8')).toBe('\uFEFFd0\r\n');
    expect(csv.contentDisposition).toMatch(/^attachment; filename="Report-\d{4}-\d{2}-\d{2}\.csv"/);

    const result = { ...empty, rows: [['2026-11-25T16:30:00.000Z']] };
    const xlsx = await reportFile({ timezone: 'Asia/Hong_Kong' }, result, 'en', 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as never);
    const cell = workbook.worksheets[0].getCell('A2');
    expect(cell.value).toEqual(new Date('2026-11-26T00:30:00Z'));
    expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm');
  });
});

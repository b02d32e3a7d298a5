import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/createI18n.ts';
import { systemColumns } from './submissionColumns.ts';

describe('system columns', () => {
  it('a form with an approval flow gets a Status column, labelled and filterable by status', () => {
    const t = createI18n('en').t;
    expect(systemColumns(t, 'en').map((c) => c.id)).not.toContain('status');
    const status = systemColumns(t, 'en', { approvalFlow: true }).find((c) => c.id === 'status')!;
    expect(status.title).toBe('Status');
    expect(status.format('approved')).toBe('Approved');
    expect(status.choices?.map((c) => c.value)).toEqual(['pending', 'approved', 'rejected', 'returned', 'withdrawn']);
    const zh = systemColumns(createI18n('zh-Hant').t, 'zh-Hant', { approvalFlow: true }).find((c) => c.id === 'status')!;
    expect(zh.title).toBe('狀態');
    expect(zh.format('pending')).not.toBe('pending');
  });
});

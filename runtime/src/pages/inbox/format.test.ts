import { describe, expect, it } from 'vitest';
import { flowText, summaryLine, timeAgo } from './format.ts';

const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('inbox formatting', () => {
  it('says how long ago for the last week, then the date', () => {
    expect(timeAgo(ago(20), 'en', 'just now', NOW)).toBe('just now');
    expect(timeAgo(ago(5 * 60), 'en', 'just now', NOW)).toMatch(/^5 min\.? ago$/);
    expect(timeAgo(ago(2 * 3600 + 59 * 60), 'en', 'just now', NOW)).toMatch(/^2 hr\.? ago$/);
    expect(timeAgo(ago(3 * 86400), 'zh-Hant', '剛剛', NOW)).toBe('3 日前');
    expect(timeAgo(ago(8 * 86400), 'en', 'just now', NOW)).toMatch(/^17 Nov 2026/);
  });

  it('names a node in the UI language, English when no translation was given', () => {
    expect(flowText({ en: 'Manager', 'zh-Hant': '經理' }, 'zh-Hant')).toBe('經理');
    expect(flowText({ en: 'Finance' }, 'zh-Hant')).toBe('Finance');
    expect(flowText(null, 'en')).toBe('');
  });

  it('puts the first answers on one line, leaving out blank ones', () => {
    expect(
      summaryLine([
        { key: 'days', title: 'Days', value: '5' },
        { key: 'note', title: 'Note', value: '' },
        { key: 'reason', title: 'Reason', value: 'Trip' },
      ]),
    ).toBe('Days: 5 · Reason: Trip');
  });
});

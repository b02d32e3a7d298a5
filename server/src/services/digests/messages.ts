/** The words of a digest email, in both languages (complete: a missing one fails the type check). */
import type { Locale } from '@formloom/schemas';

export interface DigestWords {
  subject: (title: string) => string;
  testSubject: (title: string) => string;
  asOf: (when: string, zone: string) => string;
  open: string;
  /** The number card's caption when the report has no title. */
  untitled: string;
  empty: string;
  moreRows: (shown: number) => string;
  chartAlt: (title: string) => string;
  testNote: string;
  footer: string;
  failed: (title: string) => string;
}

export const DIGEST_WORDS: Record<Locale, DigestWords> = {
  en: {
    subject: (title) => `Digest: ${title}`,
    testSubject: (title) => `[Test] Digest: ${title}`,
    asOf: (when, zone) => `Figures as of ${when} (${zone})`,
    open: 'Open in Formloom',
    untitled: 'Report',
    empty: 'No submissions match this report yet.',
    moreRows: (shown) => `The first ${shown} rows are shown; open the report for the rest.`,
    chartAlt: (title) => `Chart: ${title}`,
    testNote: 'This is a test of a scheduled digest, sent only to you.',
    footer: 'You receive this digest because its owner scheduled it for you in Formloom. The figures are those its owner can see.',
    failed: (title) => `This part could not be computed: ${title}`,
  },
  'zh-Hant': {
    subject: (title) => `定期摘要：${title}`,
    testSubject: (title) => `【測試】定期摘要：${title}`,
    asOf: (when, zone) => `數據截至 ${when}（${zone}）`,
    open: '在 Formloom 開啟',
    untitled: '報表',
    empty: '暫時沒有符合此報表的提交記錄。',
    moreRows: (shown) => `只顯示首 ${shown} 行；其餘請開啟報表查看。`,
    chartAlt: (title) => `圖表：${title}`,
    testNote: '這是定期摘要的測試電郵，只寄給你。',
    footer: '你收到這份摘要，是因為其擁有者在 Formloom 為你安排了定期發送。數據為擁有者可查看的範圍。',
    failed: (title) => `此部分未能計算：${title}`,
  },
};

/** A local date and time such as `30 Nov 2026 18:00` / `2026年11月30日 18:00`. */
export function formatWhen(at: Date, timezone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en-GB', {
    timeZone: timezone,
    year: 'numeric',
    month: locale === 'zh-Hant' ? 'long' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/**
 * A digest as an email in one language: an HTML body built for mail clients (tables and inline
 * styles, no scripts, no external images — charts are inline PNG attachments by cid), a plain-text
 * part with the same figures, and a link to the dashboard or report.
 */
import { formatCell, labelIn, numberCardValue, type Locale, type ReportResult } from '@formloom/schemas';
import { absoluteLink, escapeHtml } from '../notifications/messages.ts';
import { chartImage } from './chartImage.ts';
import type { DigestContent, DigestContentItem } from './content.ts';
import { DIGEST_WORDS, formatWhen } from './messages.ts';

/** Rows shown per table; the rest are one click away. */
export const TABLE_ROWS = 10;

export interface DigestEmail {
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: Buffer; cid: string; contentType: string }[];
}

export interface RenderOptions {
  locale: Locale;
  /** The moment the figures stand for (the run's scheduled time, or now for a test). */
  at: Date;
  timezone: string;
  publicUrl: string;
  test?: boolean;
}

const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,'PingFang HK','Microsoft JhengHei',sans-serif";
const CELL = 'padding:6px 8px;border-bottom:1px solid #e6e9ef;font-size:14px;text-align:left;vertical-align:middle';

export function digestTitle(content: DigestContent, locale: Locale): string {
  if (content.title) return labelIn(content.title, locale);
  return content.formName ?? DIGEST_WORDS[locale].untitled;
}

const itemTitle = (item: DigestContentItem, locale: Locale) =>
  item.definition.title ? labelIn(item.definition.title, locale) : DIGEST_WORDS[locale].untitled;

/** The result as text rows (header first), at most TABLE_ROWS of them. */
function tableOf(result: ReportResult, locale: Locale): string[][] {
  const header = result.columns.map((c) => labelIn(c.label, locale));
  const rows = result.rows
    .slice(0, TABLE_ROWS)
    .map((row) => row.map((cell, i) => formatCell(cell, result.columns[i], result.labels, locale)));
  return [header, ...rows];
}

interface Part {
  html: string;
  text: string;
  attachment?: DigestEmail['attachments'][number];
}

function renderItem(item: DigestContentItem, index: number, locale: Locale): Part {
  const words = DIGEST_WORDS[locale];
  const title = itemTitle(item, locale);
  const heading = `<h2 style="font-size:16px;margin:24px 0 8px;color:#1b2230">${escapeHtml(title)}</h2>`;
  if (!item.result) {
    // The cause (kept with the run's content) is for the owner; recipients cannot act on it.
    const message = words.failed(title);
    return { html: `${heading}<p style="margin:0;color:#c0352b">${escapeHtml(message)}</p>`, text: `${title}\n${message}\n` };
  }
  const { result } = item;
  if (item.definition.chart?.type === 'number') {
    const card = numberCardValue(result, locale);
    const value = card?.value ?? '—';
    const caption = card?.label ?? '';
    return {
      html:
        `${heading}<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tr>` +
        `<td style="padding:12px 16px;background:#f0f3fb;border-radius:8px"><div style="font-size:32px;font-weight:700;color:#1b2230">` +
        `${escapeHtml(value)}</div><div style="font-size:13px;color:#5d6677">${escapeHtml(caption)}</div></td></tr></table>`,
      text: `${title}: ${value}${caption && caption !== title ? ` (${caption})` : ''}\n`,
    };
  }
  if (result.rows.length === 0) {
    return { html: `${heading}<p style="margin:0;color:#5d6677">${escapeHtml(words.empty)}</p>`, text: `${title}\n${words.empty}\n` };
  }
  const image = chartImage(item.definition, result, locale);
  const cid = `chart-${index}@formloom`;
  const picture = image
    ? `<img src="cid:${cid}" width="${image.width}" height="${image.height}" alt="${escapeHtml(words.chartAlt(title))}" ` +
      `style="display:block;width:100%;max-width:${image.width}px;height:auto;border:0;margin:0 0 8px">`
    : '';
  const [header, ...rows] = tableOf(result, locale);
  const more = result.rows.length > TABLE_ROWS || result.truncated ? words.moreRows(Math.min(TABLE_ROWS, result.rows.length)) : '';
  const numeric = result.columns.map((c) => c.role === 'measure');
  const align = (i: number) => (numeric[i] ? ';text-align:right' : '');
  const table =
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;width:100%">` +
    `<tr>${header.map((h, i) => `<th style="${CELL};font-weight:600;color:#5d6677${align(i)}">${escapeHtml(h)}</th>`).join('')}</tr>` +
    rows.map((r) => `<tr>${r.map((c, i) => `<td style="${CELL}${align(i)}">${escapeHtml(c)}</td>`).join('')}</tr>`).join('') +
    `</table>` +
    (more ? `<p style="margin:6px 0 0;font-size:12px;color:#5d6677">${escapeHtml(more)}</p>` : '');
  return {
    html: heading + picture + table,
    text: `${title}\n${[header, ...rows].map((r) => r.join(' | ')).join('\n')}\n${more ? `${more}\n` : ''}`,
    ...(image ? { attachment: { filename: `chart-${index + 1}.png`, content: image.png, cid, contentType: 'image/png' } } : {}),
  };
}

export function renderDigestEmail(content: DigestContent, options: RenderOptions): DigestEmail {
  const { locale } = options;
  const words = DIGEST_WORDS[locale];
  const title = digestTitle(content, locale);
  const asOf = words.asOf(formatWhen(options.at, options.timezone, locale), options.timezone);
  const url = absoluteLink(options.publicUrl, content.path);
  const parts = content.items.map((item, i) => renderItem(item, i, locale));
  const note = options.test
    ? `<p style="margin:0 0 12px;padding:8px 12px;background:#fff6e0;border-radius:6px">${escapeHtml(words.testNote)}</p>`
    : '';
  const html =
    `<!doctype html><html lang="${locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f5f6f8;font-family:${FONT};color:#1b2230">` +
    `<table role="presentation" cellpadding="0" cellspacing="0" width="100%" style="border-collapse:collapse;background:#f5f6f8"><tr>` +
    `<td align="center" style="padding:24px 12px">` +
    `<table role="presentation" cellpadding="0" cellspacing="0" width="600" style="border-collapse:collapse;width:100%;max-width:600px;` +
    `background:#ffffff;border:1px solid #dde2ea"><tr><td style="padding:20px">` +
    note +
    `<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(title)}</h1>` +
    `<p style="margin:0;font-size:13px;color:#5d6677">${escapeHtml(asOf)}</p>` +
    parts.map((p) => p.html).join('') +
    `<p style="margin:24px 0 0"><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#2f5bea;` +
    `color:#ffffff;border-radius:7px;text-decoration:none;font-weight:600">${escapeHtml(words.open)}</a></p>` +
    `</td></tr></table>` +
    `<p style="max-width:600px;margin:16px auto 0;font-size:12px;color:#5d6677">${escapeHtml(words.footer)}</p>` +
    `</td></tr></table></body></html>`;
  const text =
    (options.test ? `${words.testNote}\n\n` : '') +
    `${title}\n${asOf}\n\n${parts.map((p) => p.text).join('\n')}\n${words.open}: ${url}\n\n-- \n${words.footer}\n`;
  return {
    subject: (options.test ? words.testSubject(title) : words.subject(title)).replace(/[\r\n]+/g, ' '),
    html,
    text,
    attachments: parts.flatMap((p) => (p.attachment ? [p.attachment] : [])),
  };
}

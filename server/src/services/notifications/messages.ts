import type { Locale } from '@formloom/schemas';
import type { NotificationKind } from './notify.ts';

export type NotificationParams = Record<string, string | number | null | undefined>;

/** A parameter as text in the reader's language: `name.zh-Hant` wins over `name` when present. */
type Param = (name: string) => string;

interface Message {
  title: (p: Param) => string;
  body: (p: Param) => string;
}

/** `: comment` when there is one; nothing otherwise (approvals without a comment). */
const withComment = (p: Param, sep: string) => (p('comment') ? `${sep}${p('comment')}` : '');

const en: Record<NotificationKind, Message> = {
  task_assigned: {
    title: (p) => `Approval needed: ${p('formName')}`,
    body: (p) => `${p('submitterName')} submitted ${p('formName')}. It is waiting for you at "${p('nodeName')}".`,
  },
  task_reminder: {
    title: (p) => `Reminder: ${p('formName')} is waiting for you`,
    body: (p) => `${p('submitterName')}'s ${p('formName')} is still waiting for you at "${p('nodeName')}".`,
  },
  task_escalated: {
    title: (p) => `Passed to you: ${p('formName')}`,
    body: (p) =>
      `${p('fromName')} did not act in time on ${p('submitterName')}'s ${p('formName')} at "${p('nodeName')}", so it now waits for you.`,
  },
  submission_approved: {
    title: (p) => `Approved: ${p('formName')}`,
    body: (p) => `Your ${p('formName')} has been approved.`,
  },
  submission_rejected: {
    title: (p) => `Rejected: ${p('formName')}`,
    body: (p) => `${p('actorName')} rejected your ${p('formName')}${withComment(p, ': ')}`,
  },
  submission_returned: {
    title: (p) => `Returned for changes: ${p('formName')}`,
    body: (p) => `${p('actorName')} returned your ${p('formName')} for you to change and resubmit${withComment(p, ': ')}`,
  },
  cc: {
    title: (p) => `For your information: ${p('formName')}`,
    body: (p) => `${p('submitterName')} submitted ${p('formName')} and you are copied in.`,
  },
  urgent: {
    title: (p) => `Urgent reminder from ${p('senderName')}`,
    body: (p) => p('message'),
  },
  collection_due: {
    title: (p) => `Due today: ${p('formName')}`,
    body: (p) => `Please fill in ${p('formName')} for ${p('periodLabel')} by ${p('deadline')}.`,
  },
  collection_reminder: {
    title: (p) => `Not filled in yet: ${p('formName')}`,
    body: (p) => `You have not filled in ${p('formName')} for ${p('periodLabel')} yet. The deadline is ${p('deadline')}.`,
  },
  webhook_disabled: {
    title: (p) => `Webhook turned off: ${p('url')}`,
    body: (p) =>
      p('reason') === 'gone'
        ? `${p('url')} answered 410 Gone, so Formloom stopped sending events to it.`
        : `Deliveries to ${p('url')} have failed since ${p('since')}, so Formloom stopped sending events to it. Fix the receiver, then turn the webhook on and replay what failed.`,
  },
  integration_failed: {
    title: (p) => `${p('connector')} did not accept ${p('formName')}`,
    body: (p) => `${p('connector')} refused a record of ${p('formName')}: ${p('message')}. Open the record to retry.`,
  },
};

const zhHant: Record<NotificationKind, Message> = {
  task_assigned: {
    title: (p) => `待你審批：${p('formName')}`,
    body: (p) => `${p('submitterName')} 提交了「${p('formName')}」，正在「${p('nodeName')}」等待你審批。`,
  },
  task_reminder: {
    title: (p) => `提醒：「${p('formName')}」正等待你處理`,
    body: (p) => `${p('submitterName')} 的「${p('formName')}」仍在「${p('nodeName')}」等待你處理。`,
  },
  task_escalated: {
    title: (p) => `已轉交給你：${p('formName')}`,
    body: (p) => `${p('fromName')} 未有及時處理 ${p('submitterName')} 的「${p('formName')}」（${p('nodeName')}），現轉交由你處理。`,
  },
  submission_approved: {
    title: (p) => `已批准：${p('formName')}`,
    body: (p) => `你提交的「${p('formName')}」已獲批准。`,
  },
  submission_rejected: {
    title: (p) => `已拒絕：${p('formName')}`,
    body: (p) => `${p('actorName')} 拒絕了你提交的「${p('formName')}」${withComment(p, '：')}`,
  },
  submission_returned: {
    title: (p) => `已退回修改：${p('formName')}`,
    body: (p) => `${p('actorName')} 退回了你提交的「${p('formName')}」，請修改後重新提交${withComment(p, '：')}`,
  },
  cc: {
    title: (p) => `知會：${p('formName')}`,
    body: (p) => `${p('submitterName')} 提交了「${p('formName')}」，並抄送給你。`,
  },
  urgent: {
    title: (p) => `${p('senderName')} 的緊急提醒`,
    body: (p) => p('message'),
  },
  collection_due: {
    title: (p) => `今日需填寫：${p('formName')}`,
    body: (p) => `請於 ${p('deadline')} 前填寫「${p('formName')}」（${p('periodLabel')}）。`,
  },
  collection_reminder: {
    title: (p) => `尚未填寫：${p('formName')}`,
    body: (p) => `你尚未填寫「${p('formName')}」（${p('periodLabel')}），截止時間為 ${p('deadline')}。`,
  },
  webhook_disabled: {
    title: (p) => `Webhook 已停用：${p('url')}`,
    body: (p) =>
      p('reason') === 'gone'
        ? `${p('url')} 回應 410 Gone，Formloom 已停止向它發送事件。`
        : `自 ${p('since')} 起向 ${p('url')} 發送一直失敗，Formloom 已停止向它發送事件。請修正接收端，再重新啟用並重送失敗的事件。`,
  },
  integration_failed: {
    title: (p) => `${p('connector')} 未能接收「${p('formName')}」`,
    body: (p) => `${p('connector')} 拒絕了「${p('formName')}」的一筆記錄：${p('message')}。請開啟該記錄重試。`,
  },
};

const catalogs: Record<Locale, Record<NotificationKind, Message>> = { en, 'zh-Hant': zhHant };

/** Words around the message in an email, per language. */
const emailWords: Record<Locale, { open: string; urgentPrefix: string; footer: string }> = {
  en: {
    open: 'Open in Formloom',
    urgentPrefix: '[Urgent] ',
    footer: 'You receive this email because of your notifications in Formloom.',
  },
  'zh-Hant': {
    open: '在 Formloom 開啟',
    urgentPrefix: '【緊急】',
    footer: '你收到這封電郵，是因為你在 Formloom 有新通知。',
  },
};

function paramReader(params: NotificationParams, locale: Locale): Param {
  return (name) => {
    const value = params[`${name}.${locale}`] ?? params[name];
    return value === null || value === undefined ? '' : String(value);
  };
}

export interface RenderedNotification {
  title: string;
  body: string;
}

/**
 * The title and body of a notification in `locale`. Parameters such as a form's name may carry a
 * translation as `formName.zh-Hant`; an unknown kind (a row written by a newer server) reads as its
 * kind name rather than failing the whole list.
 */
export function renderNotification(kind: string, params: NotificationParams, locale: Locale): RenderedNotification {
  const message = catalogs[locale][kind as NotificationKind];
  if (!message) return { title: kind, body: '' };
  const p = paramReader(params, locale);
  return { title: message.title(p), body: message.body(p) };
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** `publicUrl` + the notification's runtime path (the notifications page when it has none). */
export function absoluteLink(publicUrl: string, link: string | null): string {
  return publicUrl.replace(/\/+$/, '') + (link && link.startsWith('/') ? link : '/notifications');
}

/** The email of a notification in the recipient's language: plain text and a simple, escaped HTML body. */
export function renderEmail(
  notification: { kind: string; params: NotificationParams; link: string | null; urgent: boolean },
  locale: Locale,
  publicUrl: string,
): RenderedEmail {
  const { title, body } = renderNotification(notification.kind, notification.params, locale);
  const words = emailWords[locale];
  const url = absoluteLink(publicUrl, notification.link);
  const subject = (notification.urgent ? words.urgentPrefix : '') + title.replace(/[\r\n]+/g, ' ');
  const text = `${title}\n\n${body}\n\n${words.open}: ${url}\n\n-- \n${words.footer}\n`;
  const paragraphs = body
    .split(/\n+/)
    .map((line) => `<p style="margin:0 0 12px">${escapeHtml(line)}</p>`)
    .join('');
  const html =
    `<!doctype html><html lang="${locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en'}"><body style="margin:0;padding:24px;background:#f5f6f8;` +
    `font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,'PingFang HK','Microsoft JhengHei',sans-serif;color:#1b2230">` +
    `<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #dde2ea;border-radius:10px;padding:24px">` +
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>${paragraphs}` +
    `<p style="margin:20px 0 0"><a href="${escapeHtml(url)}" style="display:inline-block;padding:12px 20px;background:#2f5bea;` +
    `color:#fff;border-radius:7px;text-decoration:none;font-weight:600">${escapeHtml(words.open)}</a></p>` +
    `</div><p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#5d6677">${escapeHtml(words.footer)}</p></body></html>`;
  return { subject, text, html };
}

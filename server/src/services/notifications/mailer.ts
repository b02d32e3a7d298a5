import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import { isLocale, type Locale } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { renderEmail, type NotificationParams } from './messages.ts';

/** After this many failed tries an email is given up (`failed`); the in-app notification stays. */
export const MAX_EMAIL_ATTEMPTS = 6;
/** How long a mailer owns a claimed email; one that crashed mid-send is retried after this. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** Emails sent per pass; the next pass takes the rest. */
export const MAIL_BATCH = 50;
export const DEFAULT_MAIL_FROM = 'Formloom <no-reply@localhost>';
export const DEFAULT_MAIL_INTERVAL_MS = 5000;

/** Waits 30 s, 1, 2, 4, 8 min… after the 1st, 2nd, 3rd… failure. */
export const defaultBackoffMs = (failures: number) => 30_000 * 2 ** (failures - 1);

export interface MailerSettings {
  /** smtp://host:port (or smtps://, with user:pass@ when needed); null: no email, rows are marked skipped. */
  smtpUrl: string | null;
  from: string;
  /** Where links in emails point: the runtime's address as people reach it. */
  publicUrl: string;
  intervalMs: number;
  backoffMs?: (failures: number) => number;
}

export function mailerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailerSettings {
  const interval = Number(env.FORMLOOM_MAIL_INTERVAL_MS);
  return {
    smtpUrl: env.FORMLOOM_SMTP_URL || null,
    from: env.FORMLOOM_MAIL_FROM || DEFAULT_MAIL_FROM,
    publicUrl: env.FORMLOOM_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`,
    intervalMs: Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_MAIL_INTERVAL_MS,
  };
}

export interface MailPass {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Given up on (too many failures). */
  failed: number;
  /** Not mailed: no SMTP configured, or the recipient is disabled or has no address. */
  skipped: number;
}

interface Candidate {
  id: string;
  email_status: string;
  email_next_at: string | null;
  email_attempts: number;
}

interface Outgoing {
  id: string;
  kind: string;
  params: unknown;
  link: string | null;
  urgent: boolean | number;
  email_attempts: number;
  email: string | null;
  name: string;
  locale: string | null;
  disabled_at: string | null;
}

export interface Mailer {
  /** One pass: claims due emails, sends them, records the outcome. Tests call it with their own clock. */
  runOnce(now?: Date): Promise<MailPass>;
  start(): void;
  stop(): Promise<void>;
}

type Log = { warn(obj: object, msg: string): void };

/**
 * Sends notification emails from the notifications table. Each email is claimed by compare-and-set
 * (pending → sending, leased until `email_next_at`) before it is sent, so several servers sharing one
 * PostgreSQL never send it twice, and a server that dies mid-send only delays it by the lease.
 */
export function createMailer(knex: Knex, settings: MailerSettings, log?: Log): Mailer {
  const backoff = settings.backoffMs ?? defaultBackoffMs;
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<MailPass> | null = null;

  /** Takes up to MAIL_BATCH due emails for this mailer; a row another mailer took first is skipped. */
  async function claim(now: Date): Promise<string[]> {
    const nowIso = now.toISOString();
    const due = (await knex('notifications')
      .where((q) => q.where('email_status', 'pending').orWhere('email_status', 'sending'))
      .where('email_next_at', '<=', nowIso)
      .orderBy('email_next_at')
      .limit(MAIL_BATCH)
      .select('id', 'email_status', 'email_next_at', 'email_attempts')) as Candidate[];
    const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
    const claimed: string[] = [];
    for (const row of due) {
      // Compare-and-set: only if nobody changed the row since we read it.
      const n = await knex('notifications')
        .where({ id: row.id, email_status: row.email_status, email_next_at: row.email_next_at, email_attempts: row.email_attempts })
        .update({ email_status: 'sending', email_next_at: leaseUntil });
      if (n === 1) claimed.push(row.id);
    }
    return claimed;
  }

  async function sendOne(row: Outgoing, now: Date): Promise<keyof MailPass> {
    if (!row.email || row.disabled_at) {
      await knex('notifications').where({ id: row.id, email_status: 'sending' }).update({ email_status: 'skipped', email_next_at: null });
      return 'skipped';
    }
    const locale: Locale = isLocale(row.locale) ? row.locale : 'en';
    const mail = renderEmail(
      { kind: row.kind, params: readJson<NotificationParams>(row.params), link: row.link, urgent: Boolean(row.urgent) },
      locale,
      settings.publicUrl,
    );
    try {
      await transport!.sendMail({
        from: settings.from,
        to: { name: row.name, address: row.email },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'X-Formloom-Notification': row.id },
        ...(row.urgent ? { priority: 'high' as const } : {}),
      });
    } catch (err) {
      const failures = row.email_attempts + 1;
      const giveUp = failures >= MAX_EMAIL_ATTEMPTS;
      log?.warn(
        { err, notificationId: row.id, failures },
        giveUp ? 'notification email failed; giving up' : 'notification email failed; will retry',
      );
      await knex('notifications')
        .where({ id: row.id, email_status: 'sending' })
        .update({
          email_status: giveUp ? 'failed' : 'pending',
          email_attempts: failures,
          email_next_at: giveUp ? null : new Date(now.getTime() + backoff(failures)).toISOString(),
          email_error: String((err as Error)?.message ?? err).slice(0, 500),
        });
      return giveUp ? 'failed' : 'retrying';
    }
    await knex('notifications')
      .where({ id: row.id, email_status: 'sending' })
      .update({
        email_status: 'sent',
        email_attempts: row.email_attempts + 1,
        emailed_at: new Date().toISOString(),
        email_next_at: null,
        email_error: null,
      });
    return 'sent';
  }

  async function pass(now: Date): Promise<MailPass> {
    const result: MailPass = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    if (!transport) {
      // No SMTP: nothing will ever send these; say so instead of leaving them pending forever.
      result.skipped = await knex('notifications')
        .where('email_status', 'pending')
        .update({ email_status: 'skipped', email_next_at: null });
      return result;
    }
    const ids = await claim(now);
    if (ids.length === 0) return result;
    const rows = (await knex('notifications as n')
      .join('users as u', 'u.id', 'n.user_id')
      .whereIn('n.id', ids)
      .select('n.id', 'n.kind', 'n.params', 'n.link', 'n.urgent', 'n.email_attempts', 'u.email', 'u.name', 'u.locale', 'u.disabled_at')
      .orderBy('n.id')) as Outgoing[];
    for (const row of rows) result[await sendOne(row, now)]++;
    return result;
  }

  const runOnce = (now = new Date()): Promise<MailPass> => {
    // One pass at a time in this process; a timer tick during a slow pass waits for it.
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(() => pass(now));
    running = next;
    return next;
  };

  return {
    runOnce,
    start() {
      if (timer) return;
      let busy = false;
      timer = setInterval(() => {
        if (busy) return; // a slow SMTP server: skip ticks rather than queue passes
        busy = true;
        runOnce()
          .catch((err) => log?.warn({ err }, 'notification mailer pass failed'))
          .finally(() => (busy = false));
      }, settings.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
      transport?.close();
    },
  };
}

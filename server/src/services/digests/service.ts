/**
 * The digest sender every server runs: a tick every FORMLOOM_DIGEST_INTERVAL_MS (default a minute;
 * 0 turns the timer off) starts the runs that are due (runs.ts) and sends their emails
 * (deliveries.ts). The first tick runs at start, so a run missed while the server was down goes out
 * then — only the latest one. Ticks in one process never overlap; across servers the database decides.
 */
import type { Knex } from 'knex';
import nodemailer from 'nodemailer';
import { isLocale, type User } from '@formloom/schemas';
import { AppError, ConflictError } from '../../lib/errors.ts';
import { usersRepo } from '../../repositories/users.ts';
import type { MailerSettings } from '../notifications/mailer.ts';
import { computeContent, DigestUnavailable } from './content.ts';
import { deliverDue, DELIVERY_BATCH, type DeliveryPass } from './deliveries.ts';
import { renderDigestEmail } from './render.ts';
import { startDueRuns } from './runs.ts';
import { bodyOf, type DigestRow } from './store.ts';

export const DEFAULT_DIGEST_INTERVAL_MS = 60_000;

export interface DigestTick extends DeliveryPass {
  /** Runs this tick started, as `digestId/key`. */
  started: string[];
}

export interface Digests {
  /** One tick at `now` (tests pass their moment); `maxDeliveries` stops after that many claims (a crash test's half-done run). */
  runOnce(now?: Date, options?: { maxDeliveries?: number }): Promise<DigestTick>;
  /** Renders the digest now and mails only `user`; resolves with the address once the SMTP server accepted it. */
  sendTest(user: User, row: DigestRow, now?: Date): Promise<string>;
  start(): void;
  stop(): Promise<void>;
}

type Log = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

export function digestIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FORMLOOM_DIGEST_INTERVAL_MS;
  if (raw === undefined || raw === '') return DEFAULT_DIGEST_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`FORMLOOM_DIGEST_INTERVAL_MS must be a number of milliseconds (0 = off), got "${raw}".`);
  return ms;
}

export function createDigests(knex: Knex, settings: MailerSettings, intervalMs: number, log?: Log): Digests {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  const ctx = { knex, transport, settings, log };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function tick(now: Date, maxDeliveries?: number): Promise<DigestTick> {
    const started = await startDueRuns(knex, now);
    const total: DigestTick = { started, sent: 0, retrying: 0, failed: 0, skipped: 0 };
    // Passes until nothing due is left (or the cap is reached), so a large run goes out in one tick.
    for (let left = maxDeliveries ?? Infinity; left > 0;) {
      const pass = await deliverDue(ctx, now, Math.min(DELIVERY_BATCH, left));
      const handled = pass.sent + pass.retrying + pass.failed + pass.skipped;
      for (const k of ['sent', 'retrying', 'failed', 'skipped'] as const) total[k] += pass[k];
      if (handled === 0) break;
      left -= handled;
    }
    return total;
  }

  const runOnce = (now = new Date(), options: { maxDeliveries?: number } = {}): Promise<DigestTick> => {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(() => tick(now, options.maxDeliveries));
    running = next;
    return next;
  };

  return {
    runOnce,
    async sendTest(user, row, now = new Date()) {
      if (!transport)
        throw new AppError(503, 'mail_not_configured', 'This server has no SMTP server set (FORMLOOM_SMTP_URL), so it cannot send email.');
      let content;
      try {
        content = await computeContent(knex, row);
      } catch (err) {
        if (err instanceof DigestUnavailable) throw new ConflictError('digest_unavailable', err.message);
        throw err;
      }
      // The language as stored now (the session's copy of the user may be seconds old).
      const stored = await usersRepo.findById(knex, user.id);
      const locale = stored?.locale ?? user.locale;
      const mail = renderDigestEmail(content, {
        locale: isLocale(locale) ? locale : 'en',
        at: now,
        timezone: bodyOf(row).timezone,
        publicUrl: settings.publicUrl,
        test: true,
      });
      try {
        await transport.sendMail({
          from: settings.from,
          to: { name: user.name, address: user.email },
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          attachments: mail.attachments,
          headers: { 'X-Formloom-Digest': row.id, 'X-Formloom-Digest-Run': 'test' },
        });
      } catch (err) {
        throw new AppError(502, 'mail_failed', `The SMTP server did not accept the email: ${(err as Error).message}`);
      }
      return user.email;
    },
    start() {
      if (timer || intervalMs === 0) return;
      let busy = false;
      const beat = () => {
        if (busy) return; // a slow SMTP server: skip beats rather than queue ticks
        busy = true;
        runOnce()
          .then((r) => {
            if (r.started.length || r.sent || r.failed) log?.info(r, 'digests: runs started / emails sent');
          })
          .catch((err) => log?.warn({ err }, 'digests: tick failed; the next tick retries'))
          .finally(() => (busy = false));
      };
      beat();
      timer = setInterval(beat, intervalMs);
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

/**
 * Sending a run's emails: each delivery is claimed by compare-and-set (pending → sending, leased
 * until `next_at`) before it is sent, the way the notification mailer claims its emails, so two
 * servers never send one twice and a server that dies mid-run leaves the rest to the next tick.
 * (The one email in flight at the moment of a crash may be sent again once its lease ends: SMTP
 * gives no way to ask whether it arrived.) A refused email is retried with backoff; a run ends
 * `sent`, `partial` or `failed` when none of its deliveries is left to try.
 */
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import { isLocale, type Locale } from '@formloom/schemas';
import { CLAIM_LEASE_MS, MAX_EMAIL_ATTEMPTS, defaultBackoffMs, type MailerSettings } from '../notifications/mailer.ts';
import { contentOfRun, DigestUnavailable, type DigestContent } from './content.ts';
import { renderDigestEmail, type DigestEmail } from './render.ts';
import { bodyOf, type DigestRow, type RunRow } from './store.ts';

/** Deliveries claimed per pass; the next pass takes the rest. */
export const DELIVERY_BATCH = 50;

export interface DeliveryPass {
  sent: number;
  retrying: number;
  failed: number;
  /** Not mailed: the recipient was disabled after the run started. */
  skipped: number;
}

interface DeliveryRow {
  id: string;
  run_id: string;
  user_id: string;
  status: string;
  attempts: number;
  next_at: string | null;
}

interface Recipient {
  email: string;
  name: string;
  locale: string | null;
  disabled_at: string | null;
}

export interface DeliveryContext {
  knex: Knex;
  transport: Transporter | null;
  settings: Pick<MailerSettings, 'from' | 'publicUrl' | 'backoffMs'>;
  log?: { warn(obj: object, msg: string): void };
}

/** Takes up to `limit` due deliveries; one another server took first is left alone. */
async function claim(knex: Knex, now: Date, limit: number): Promise<DeliveryRow[]> {
  const due: DeliveryRow[] = await knex('digest_deliveries')
    .whereIn('status', ['pending', 'sending'])
    .where('next_at', '<=', now.toISOString())
    .orderBy('next_at')
    .orderBy('id')
    .limit(limit);
  const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
  const claimed: DeliveryRow[] = [];
  for (const row of due) {
    const n = await knex('digest_deliveries')
      .where({ id: row.id, status: row.status, next_at: row.next_at, attempts: row.attempts })
      .update({ status: 'sending', next_at: leaseUntil });
    if (n === 1) claimed.push(row);
  }
  return claimed;
}

/** Records the end of a delivery, but only if this server still holds its claim. */
const finish = (knex: Knex, row: DeliveryRow, update: Record<string, unknown>) =>
  knex('digest_deliveries').where({ id: row.id, status: 'sending' }).update(update);

/** Closes the run once nothing is left to try: sent (everyone got it), failed (nobody did), partial. */
export async function settleRun(knex: Knex, runId: string, now: Date): Promise<void> {
  const counts: { status: string; n: number | string }[] = await knex('digest_deliveries')
    .where({ run_id: runId })
    .groupBy('status')
    .select('status', knex.raw('count(*) as n'));
  const by = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  if ((by.pending ?? 0) + (by.sending ?? 0) > 0) return;
  const sent = by.sent ?? 0;
  const failed = by.failed ?? 0;
  const status = failed === 0 ? 'sent' : sent === 0 ? 'failed' : 'partial';
  await knex('digest_runs').where({ id: runId, status: 'sending' }).update({ status, failed, finished_at: now.toISOString() });
}

async function sendOne(
  ctx: DeliveryContext,
  row: DeliveryRow,
  email: (locale: Locale) => DigestEmail,
  headers: Record<string, string>,
  now: Date,
): Promise<keyof DeliveryPass> {
  const { knex } = ctx;
  const to: Recipient | undefined = await knex('users').where({ id: row.user_id }).first('email', 'name', 'locale', 'disabled_at');
  if (!to || to.disabled_at || !to.email) {
    await finish(knex, row, { status: 'skipped', next_at: null });
    return 'skipped';
  }
  const failures = row.attempts + 1;
  try {
    if (!ctx.transport) throw new Error('No SMTP server is configured (FORMLOOM_SMTP_URL).');
    const mail = email(isLocale(to.locale) ? to.locale : 'en');
    await ctx.transport.sendMail({
      from: ctx.settings.from,
      to: { name: to.name, address: to.email },
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
      headers,
    });
  } catch (err) {
    // Without SMTP no retry helps; otherwise wait and try again, up to the mailer's limit.
    const giveUp = !ctx.transport || failures >= MAX_EMAIL_ATTEMPTS;
    ctx.log?.warn({ err, deliveryId: row.id, failures }, giveUp ? 'digest email failed; giving up' : 'digest email failed; will retry');
    await finish(knex, row, {
      status: giveUp ? 'failed' : 'pending',
      attempts: failures,
      next_at: giveUp ? null : new Date(now.getTime() + (ctx.settings.backoffMs ?? defaultBackoffMs)(failures)).toISOString(),
      error: String((err as Error)?.message ?? err).slice(0, 500),
    });
    return giveUp ? 'failed' : 'retrying';
  }
  await finish(knex, row, { status: 'sent', attempts: failures, next_at: null, error: null, sent_at: new Date().toISOString() });
  return 'sent';
}

/** Gives up or postpones a run's claimed deliveries when its figures could not be computed. */
async function contentFailed(ctx: DeliveryContext, rows: DeliveryRow[], err: unknown, now: Date, result: DeliveryPass) {
  const permanent = err instanceof DigestUnavailable;
  ctx.log?.warn({ err, runId: rows[0]?.run_id }, permanent ? 'digest cannot be computed; run failed' : 'digest figures failed; will retry');
  for (const row of rows) {
    const failures = row.attempts + 1;
    const giveUp = permanent || failures >= MAX_EMAIL_ATTEMPTS;
    await finish(ctx.knex, row, {
      status: giveUp ? 'failed' : 'pending',
      attempts: failures,
      next_at: giveUp ? null : new Date(now.getTime() + (ctx.settings.backoffMs ?? defaultBackoffMs)(failures)).toISOString(),
      error: String((err as Error)?.message ?? err).slice(0, 500),
    });
    result[giveUp ? 'failed' : 'retrying']++;
  }
}

/** One pass: claims due deliveries (at most `limit`), sends them grouped by run, settles the runs. */
export async function deliverDue(ctx: DeliveryContext, now: Date, limit = DELIVERY_BATCH): Promise<DeliveryPass> {
  const result: DeliveryPass = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const claimed = await claim(ctx.knex, now, limit);
  const byRun = new Map<string, DeliveryRow[]>();
  for (const row of claimed) byRun.set(row.run_id, [...(byRun.get(row.run_id) ?? []), row]);
  for (const [runId, rows] of byRun) {
    const run: RunRow | undefined = await ctx.knex('digest_runs').where({ id: runId }).first();
    const digest: DigestRow | undefined = run ? await ctx.knex('digests').where({ id: run.digest_id }).first() : undefined;
    if (!run || !digest) continue; // deleted meanwhile: the deliveries went with it
    let content: DigestContent;
    try {
      content = await contentOfRun(ctx.knex, run, digest);
    } catch (err) {
      await contentFailed(ctx, rows, err, now, result);
      await settleRun(ctx.knex, runId, now);
      continue;
    }
    const { timezone } = bodyOf(digest);
    // Rendered (and its charts drawn) once per language per run, not per recipient.
    const emails = new Map<Locale, DigestEmail>();
    const email = (locale: Locale) => {
      if (!emails.has(locale))
        emails.set(
          locale,
          renderDigestEmail(content, { locale, at: new Date(run.scheduled_at), timezone, publicUrl: ctx.settings.publicUrl }),
        );
      return emails.get(locale)!;
    };
    const headers = { 'X-Formloom-Digest': digest.id, 'X-Formloom-Digest-Run': run.key };
    for (const row of rows) result[await sendOne(ctx, row, email, headers, now)]++;
    await settleRun(ctx.knex, runId, now);
  }
  return result;
}

import type { User } from '@formloom/schemas';
import { nowIso, writeJson } from '../../db/dialect.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { SecretBox } from '../../lib/secretBox.ts';
import type { Db } from '../../repositories/types.ts';
import { OutboundError, type OutboundHttp } from '../outbound/index.ts';
import { newWebhookSecret } from '../webhooks/signature.ts';
import { ZAPIER_EVENTS, isZapierEvent, type ZapierEvent } from './items.ts';
import { loadZapierForm } from './access.ts';

/**
 * Zapier REST hooks are `webhook_subscriptions` rows of format `zapier`: one event of one form, sent
 * to the Zap's target URL by the dispatcher like any webhook (signed, retried), deleted when the
 * target answers 410 or the Zap unsubscribes.
 */
export interface ZapierSubscribeInput {
  targetUrl: string;
  event: string;
  formId: string;
}

export interface ZapierDeps {
  db: Db;
  outbound: OutboundHttp;
  secretBox: SecretBox;
}

export function requireZapierEvent(event: string): ZapierEvent {
  if (isZapierEvent(event)) return event;
  throw new UnprocessableError(
    'unknown_event',
    `"${event}" is not a trigger Formloom offers to Zapier; use one of ${ZAPIER_EVENTS.join(', ')}.`,
    {
      events: ZAPIER_EVENTS,
    },
  );
}

export async function subscribe(deps: ZapierDeps, user: User, input: ZapierSubscribeInput): Promise<{ id: string; secret: string }> {
  const event = requireZapierEvent(input.event);
  const form = await loadZapierForm(deps.db, user, input.formId);
  await checkTargetUrl(deps.outbound, input.targetUrl);
  const now = nowIso();
  const id = newId();
  const secret = newWebhookSecret();
  await deps.db('webhook_subscriptions').insert({
    id,
    owner_id: user.id,
    app_id: form.app_id,
    form_id: form.id,
    format: 'zapier',
    url: input.targetUrl,
    description: `Zapier: ${event}`,
    events: writeJson([event]),
    filter: null,
    headers: writeJson({}),
    template: null,
    content_type: 'application/json',
    template_version: 1,
    secret_sealed: deps.secretBox.seal(secret),
    enabled: true,
    disabled_reason: null,
    failing_since: null,
    revision: 1,
    created_at: now,
    updated_at: now,
  });
  return { id, secret };
}

/** Only the caller's own Zapier hooks; anything else (another's, a plain webhook, unknown) is 404. */
export async function unsubscribe(db: Db, user: User, id: string): Promise<void> {
  const removed = await db('webhook_subscriptions').where({ id, owner_id: user.id, format: 'zapier' }).delete();
  if (!removed) throw new NotFoundError('hook_not_found', `There is no Zapier hook ${id} of yours; it may have been removed already.`);
}

async function checkTargetUrl(outbound: OutboundHttp, url: string): Promise<void> {
  try {
    await outbound.check(url);
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    throw new UnprocessableError('webhook_url_not_allowed', `Formloom will not send to ${url}: ${err.message}`, { reason: err.code });
  }
}

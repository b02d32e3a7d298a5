import type { FastifyInstance } from 'fastify';
import type { FlowCondition, User, WebhookCreate, WebhookPatch, WebhookSubscription, WebhookWithSecret } from '@formloom/schemas';
import { nowIso, readJson, writeJson } from '../../db/dialect.ts';
import { ConflictError, ForbiddenError, UnprocessableError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { formVersionsRepo, parseSchemaColumn, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { hiddenFieldsFor } from '../fieldAccess.ts';
import { OutboundError } from '../outbound/index.ts';
import { editableAppIds, loadVisibleSubscription, resolveScope, VISIBLE_FORMATS } from './access.ts';
import { assertValidFilter } from './filter.ts';
import { newWebhookSecret } from './signature.ts';
import { checkTemplate, TemplateError } from './templates.ts';

/** A `webhook_subscriptions` row (migration 012). */
export interface SubscriptionRow {
  id: string;
  owner_id: string;
  app_id: string | null;
  form_id: string | null;
  format: 'canonical' | 'template' | 'zapier';
  url: string;
  description: string | null;
  events: unknown;
  filter: unknown;
  headers: unknown;
  template: string | null;
  content_type: string;
  template_version: number;
  secret_sealed: string;
  enabled: boolean | number;
  disabled_reason: 'manual' | 'gone' | 'failing' | null;
  failing_since: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
}

type Stats = WebhookSubscription['stats'];
const NO_STATS: Stats = { succeeded: 0, failed: 0, dead: 0, pending: 0 };
const DAY_MS = 24 * 3_600_000;

export function toSubscription(row: SubscriptionRow, stats: Stats = NO_STATS): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: readJson<string[]>(row.events),
    appId: row.app_id,
    formId: row.form_id,
    filter: row.filter === null ? null : readJson<FlowCondition | null>(row.filter),
    headers: readJson<Record<string, string>>(row.headers) ?? {},
    format: row.format,
    template: row.template,
    contentType: row.content_type,
    enabled: Boolean(row.enabled),
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    ownerId: row.owner_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stats,
  };
}

/** Deliveries made in the last 24 hours per subscription, by status (delivering counts as pending). */
async function statsFor(db: Db, ids: string[], now = new Date()): Promise<Map<string, Stats>> {
  const out = new Map<string, Stats>();
  if (ids.length === 0) return out;
  const rows: { subscription_id: string; status: string; n: number | string }[] = await db('webhook_deliveries')
    .whereIn('subscription_id', ids)
    .where('created_at', '>=', new Date(now.getTime() - DAY_MS).toISOString())
    .groupBy('subscription_id', 'status')
    .select('subscription_id', 'status')
    .count({ n: '*' });
  for (const r of rows) {
    const stats = out.get(r.subscription_id) ?? { ...NO_STATS };
    const key = r.status === 'delivering' ? 'pending' : (r.status as keyof Stats);
    if (key in stats) stats[key] += Number(r.n);
    out.set(r.subscription_id, stats);
  }
  return out;
}

export async function withStats(db: Db, row: SubscriptionRow): Promise<WebhookSubscription> {
  return toSubscription(row, (await statsFor(db, [row.id])).get(row.id));
}

/** The guard's verdict on a URL at save time, as the API's 422s. */
async function assertUrlAllowed(app: FastifyInstance, url: string): Promise<void> {
  try {
    await app.outbound.check(url);
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    if (err.code === 'address_not_allowed') throw new UnprocessableError('webhook_url_not_allowed', err.message, { path: 'url' });
    throw new UnprocessableError('invalid_webhook_url', err.message, { path: 'url' });
  }
}

function assertTemplateUsable(template: string, contentType: string): void {
  try {
    checkTemplate(template, contentType);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw new UnprocessableError('invalid_template', err.message, { path: 'template', line: err.line });
  }
}

/** The schema a filter's keys are checked against: the form's latest published version, else its draft. */
async function formSchemaOf(db: Db, form: FormRow | null): Promise<Record<string, unknown> | null> {
  if (!form) return null;
  if (form.latest_version !== null) {
    const version = await formVersionsRepo.find(db, form.id, form.latest_version);
    if (version) return parseSchemaColumn(version.schema);
  }
  return parseSchemaColumn(form.draft_schema);
}

/** The filter fits the form, and names no field its owner may not see (deliveries act with the owner's access). */
type Owner = Pick<User, 'id' | 'role'>;

/** The filter fits the form, and names no field its owner may not see (deliveries act with the owner's access). */
export async function checkFilterFor(db: Db, filter: FlowCondition, form: FormRow | null, owner: Owner): Promise<void> {
  const hidden = form ? await hiddenFieldsFor(db, owner, form.id) : undefined;
  assertValidFilter(filter, await formSchemaOf(db, form), hidden);
}

/** A subscription's owner: its editor is usually they; an admin editing someone else's acts for them. */
async function ownerOf(db: Db, row: SubscriptionRow, editor: User): Promise<Owner> {
  if (row.owner_id === editor.id) return editor;
  const owner: Owner | undefined = await db('users').where({ id: row.owner_id }).first('id', 'role');
  return owner ?? { id: row.owner_id, role: 'member' };
}

const hasTemplate = (t: string | null | undefined): t is string => typeof t === 'string' && t.trim() !== '';

export async function createSubscription(app: FastifyInstance, user: User, body: WebhookCreate): Promise<WebhookWithSecret> {
  const scope = await resolveScope(app.db, user, body.appId, body.formId);
  await assertUrlAllowed(app, body.url);
  if (body.filter) await checkFilterFor(app.db, body.filter, scope.form, user);
  const template = hasTemplate(body.template) ? body.template : null;
  const contentType = template ? (body.contentType ?? 'application/json') : 'application/json';
  if (template) assertTemplateUsable(template, contentType);

  const secret = newWebhookSecret();
  const now = nowIso();
  const row: SubscriptionRow = {
    id: newId(),
    owner_id: user.id,
    app_id: scope.appId,
    form_id: scope.formId,
    format: template ? 'template' : 'canonical',
    url: body.url,
    description: body.description ?? null,
    events: writeJson([...new Set(body.events)]),
    filter: body.filter ? writeJson(body.filter) : null,
    headers: writeJson(body.headers ?? {}),
    template,
    content_type: contentType,
    template_version: 1,
    secret_sealed: app.secretBox.seal(secret),
    enabled: true,
    disabled_reason: null,
    failing_since: null,
    revision: 1,
    created_at: now,
    updated_at: now,
  };
  await app.db('webhook_subscriptions').insert(row);
  return { ...toSubscription(row), secret };
}

/** PATCH: only the fields given change; a new template (or content type) is a new template version. */
export async function updateSubscription(
  app: FastifyInstance,
  user: User,
  id: string,
  patch: WebhookPatch,
): Promise<WebhookSubscription | WebhookWithSecret> {
  const row = await loadVisibleSubscription(app.db, user, id);
  const changes: Partial<SubscriptionRow> = {};

  const scopeChanged = patch.appId !== undefined || patch.formId !== undefined;
  let form: FormRow | null = null;
  if (scopeChanged || patch.filter) {
    // A new form brings its app; dropping the form keeps the app.
    const appId = patch.appId !== undefined ? patch.appId : typeof patch.formId === 'string' ? null : row.app_id;
    const formId = patch.formId !== undefined ? patch.formId : row.form_id;
    const scope = await resolveScope(app.db, user, appId, formId);
    form = scope.form;
    if (scopeChanged) Object.assign(changes, { app_id: scope.appId, form_id: scope.formId });
  }
  if (patch.url !== undefined && patch.url !== row.url) {
    await assertUrlAllowed(app, patch.url);
    changes.url = patch.url;
  }
  if (patch.filter !== undefined) {
    if (patch.filter) await checkFilterFor(app.db, patch.filter, form, await ownerOf(app.db, row, user));
    changes.filter = patch.filter ? writeJson(patch.filter) : null;
  } else if (scopeChanged && row.filter !== null) {
    // The filter stays, so its keys must exist in the newly chosen form.
    await checkFilterFor(app.db, readJson<FlowCondition>(row.filter), form, await ownerOf(app.db, row, user));
  }
  if (patch.template !== undefined || patch.contentType !== undefined) {
    const template = patch.template !== undefined ? (hasTemplate(patch.template) ? patch.template : null) : row.template;
    const contentType = template ? (patch.contentType ?? row.content_type) : 'application/json';
    if (template) assertTemplateUsable(template, contentType);
    if (template !== row.template || contentType !== row.content_type) {
      Object.assign(changes, {
        template,
        content_type: contentType,
        format: template ? 'template' : 'canonical',
        template_version: row.template_version + 1,
      });
    }
  }
  if (patch.description !== undefined) changes.description = patch.description ?? null;
  if (patch.events !== undefined) changes.events = writeJson([...new Set(patch.events)]);
  if (patch.headers !== undefined) changes.headers = writeJson(patch.headers);
  if (patch.enabled === true && !row.enabled) Object.assign(changes, { enabled: true, disabled_reason: null, failing_since: null });
  if (patch.enabled === false && row.enabled) Object.assign(changes, { enabled: false, disabled_reason: 'manual' });
  let secret: string | null = null;
  if (patch.rotateSecret) {
    secret = newWebhookSecret();
    changes.secret_sealed = app.secretBox.seal(secret);
  }

  if (Object.keys(changes).length) {
    const updated = await app
      .db('webhook_subscriptions')
      .where({ id, revision: row.revision })
      .update({ ...changes, revision: row.revision + 1, updated_at: nowIso() });
    if (updated === 0)
      throw new ConflictError('webhook_changed', 'Someone changed this webhook at the same moment; reload it and try again.');
  }
  const fresh = await withStats(app.db, await loadVisibleSubscription(app.db, user, id));
  return secret ? { ...fresh, secret } : fresh;
}

export async function deleteSubscription(app: FastifyInstance, user: User, id: string): Promise<void> {
  await loadVisibleSubscription(app.db, user, id);
  await app.db('webhook_subscriptions').where({ id }).delete();
}

export async function listSubscriptions(db: Db, user: User, query: { appId?: string; formId?: string }): Promise<WebhookSubscription[]> {
  const q = db<SubscriptionRow>('webhook_subscriptions')
    .whereIn('format', VISIBLE_FORMATS)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
  if (query.appId) q.where('app_id', query.appId);
  if (query.formId) q.where('form_id', query.formId);
  if (user.role !== 'admin') q.whereIn('app_id', await editableAppIds(db, user));
  const rows = await q;
  const stats = await statsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSubscription(r, stats.get(r.id)));
}

export async function getSubscription(db: Db, user: User, id: string): Promise<WebhookSubscription> {
  return withStats(db, await loadVisibleSubscription(db, user, id));
}

/** The signing secret, for its owner or an admin (editors of the app may rotate it, not read it). */
export async function revealSecret(app: FastifyInstance, user: User, id: string): Promise<WebhookWithSecret> {
  const row = await loadVisibleSubscription(app.db, user, id);
  if (user.role !== 'admin' && row.owner_id !== user.id)
    throw new ForbiddenError('Only the person who made this webhook, or an administrator, can read its secret; you can rotate it instead.');
  return { ...(await withStats(app.db, row)), secret: app.secretBox.open(row.secret_sealed) };
}

import { installSuggestedSchedule } from './schedules/store.ts';
import { localized, type Locale, type User } from '@formloom/schemas';
import type { Knex } from 'knex';
import { nowIso, readJson, writeJson } from '../db/dialect.ts';
import { NotFoundError } from '../lib/errors.ts';
import { sha256 } from '../lib/secrets.ts';
import { appendEvent } from '../repositories/events.ts';
import type { Db } from '../repositories/types.ts';
import { templates as bundledTemplates, type Template } from '../templates/index.ts';
import { createApp } from './apps.ts';
import { createForm, publish } from './forms.ts';
import { ensureReportColumns } from './reports/columns.ts';
import type { AppRow } from '../repositories/apps.ts';
import type { FormRow } from '../repositories/forms.ts';

/**
 * Several servers may start at once: a template another one just inserted is left as it is.
 *
 * Bundled templates are copied into the `templates` table at start-up (new ones added, changed
 * ones updated), so the catalogue lives in the database like everything users will add later.
 */
export async function syncBundledTemplates(knex: Knex, list: Template[] = bundledTemplates): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  await knex.transaction(async (trx) => {
    for (const t of list) {
      const definition = writeJson(t);
      const hash = sha256(definition);
      const existing = await trx('templates').where({ id: t.id }).first();
      const now = nowIso();
      if (!existing) {
        await trx('templates')
          .insert({ id: t.id, source: 'bundled', definition, content_hash: hash, created_at: now, updated_at: now })
          .onConflict('id')
          .ignore();
        added++;
      } else if (existing.content_hash !== hash && existing.source === 'bundled') {
        await trx('templates').where({ id: t.id }).update({ definition, content_hash: hash, updated_at: now });
        updated++;
      }
    }
  });
  return { added, updated };
}

export async function listTemplates(db: Db): Promise<Template[]> {
  const rows = await db('templates').orderBy('created_at').orderBy('id');
  return rows.map((r: { definition: unknown }) => readJson<Template>(r.definition));
}

export async function findTemplate(db: Db, id: string): Promise<Template> {
  const row = await db('templates').where({ id }).first();
  if (!row) throw new NotFoundError('template_not_found', `There is no template "${id}"; GET /api/templates lists them.`);
  return readJson<Template>(row.definition);
}

/** Creates the template's app and publishes each of its forms, all in one transaction. */
export async function installTemplate(
  knex: Knex,
  user: User,
  template: Template,
  locale: Locale,
): Promise<{ app: AppRow; forms: FormRow[] }> {
  const installed = await knex.transaction(async (trx) => {
    const app = await createApp(trx, user, {
      name: localized(template.app.name, locale),
      description: localized(template.app.description, locale),
    });
    const forms: FormRow[] = [];
    const idsByKey = new Map<string, string>();
    for (const f of template.forms) {
      const uiSchema = linkRelations(f.uiSchema as Record<string, unknown>, idsByKey);
      const form = await createForm(trx, user, app.id, {
        name: localized(f.name, locale),
        schema: f.schema as Record<string, unknown>,
        uiSchema,
        workflow: f.workflow ?? null,
      });
      idsByKey.set(f.key, form.id);
      const row = { ...form, draft_schema: writeJson(f.schema), draft_ui_schema: writeJson(uiSchema) };
      const version = await publish(trx, user, row);
      forms.push({ ...row, latest_version: version, status: 'published' });
      if (f.schedule) await installSuggestedSchedule(trx, form.id, f.schedule, new Date());
    }
    await appendEvent(trx, {
      type: 'template.installed',
      appId: app.id,
      actorId: user.id,
      payload: { templateId: template.id, appId: app.id },
    });
    return { app, forms };
  });
  // After the commit: report columns and indexes are DDL, made outside the install's transaction.
  for (const form of installed.forms) await ensureReportColumns(knex, form.id);
  return installed;
}

/**
 * Templates name a relation's target form by its key in the template (`ui:options.form: "item"`);
 * an installed form must name the created form's id. Targets are created first (template order).
 */
export function linkRelations(uiSchema: Record<string, unknown>, idsByKey: Map<string, string>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = walk(v);
    const options = out['ui:options'] as Record<string, unknown> | undefined;
    if (out['ui:fieldType'] === 'relation' && options && typeof options.form === 'string' && idsByKey.has(options.form)) {
      out['ui:options'] = { ...options, form: idsByKey.get(options.form) };
    }
    return out;
  };
  return walk(uiSchema) as Record<string, unknown>;
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  ConnectorForm,
  ConnectorHost,
  ConnectorPlugin,
  ConnectorRouteHelpers,
  ConnectorSubmission,
  ExternalRef,
} from '@formloom/plugin-api';
import { nowIso, readJson } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { loadForm, requirePermission, requireRole } from '../access.ts';
import { hiddenFieldsFor } from '../fieldAccess.ts';
import { formsRepo, formVersionsRepo, parseSchemaColumn, type FormRow } from '../../repositories/forms.ts';
import { mailerSettingsFromEnv } from '../notifications/mailer.ts';
import { notify } from '../notifications/notify.ts';

/** The schema without the top-level fields in `hidden` (a manager's mapping cannot name what they may not see). */
function withoutFields(schema: Record<string, unknown> | null, hidden: ReadonlySet<string>): Record<string, unknown> | null {
  if (!schema || hidden.size === 0 || typeof schema.properties !== 'object' || schema.properties === null) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([key]) => !hidden.has(key)));
  const required = Array.isArray(schema.required) ? schema.required.filter((key) => !hidden.has(String(key))) : schema.required;
  return { ...schema, properties, ...(required === undefined ? {} : { required }) };
}

async function connectorForm(app: FastifyInstance, form: FormRow, hidden: ReadonlySet<string> = new Set()): Promise<ConnectorForm> {
  const version = form.latest_version === null ? undefined : await formVersionsRepo.find(app.db, form.id, form.latest_version);
  return {
    id: form.id,
    appId: form.app_id,
    name: version?.name ?? form.name,
    version: form.latest_version,
    schema: version ? withoutFields(parseSchemaColumn(version.schema), hidden) : null,
    uiSchema: version ? parseSchemaColumn(version.ui_schema) : null,
  };
}

/** What a connector plugin may do in this server (see @formloom/plugin-api). */
export function createConnectorHost(app: FastifyInstance, plugin: ConnectorPlugin): ConnectorHost {
  return {
    knex: app.db,
    log: app.log.child({ connector: plugin.id }),
    secrets: app.secretBox,
    http: app.outbound,
    trustedHttp: app.trustedOutbound,
    publicUrl: mailerSettingsFromEnv().publicUrl,
    env: process.env,
    submissions: {
      async get(id): Promise<ConnectorSubmission | null> {
        const row = await app.db('submissions').where({ id }).first();
        if (!row) return null;
        return {
          id: row.id,
          appId: row.app_id,
          formId: row.form_id,
          formVersion: row.form_version,
          status: row.status ?? 'submitted',
          data: readJson<Record<string, unknown>>(row.data) ?? {},
          createdAt: row.created_at,
          createdBy: row.created_by,
          deletedAt: row.deleted_at ?? null,
        };
      },
      async latestId(formId) {
        const row = await app
          .db('submissions')
          .where({ form_id: formId })
          .whereNull('deleted_at')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .first('id');
        return row?.id ?? null;
      },
      async externalRefs(submissionId): Promise<ExternalRef[]> {
        const rows = await app
          .db('submission_external_refs')
          .where({ submission_id: submissionId, connector: plugin.id })
          .orderBy('created_at');
        return rows.map((r) => ({ submissionId: r.submission_id, kind: r.kind, externalId: r.external_id, label: r.label, url: r.url }));
      },
      async setExternalRef(ref) {
        const now = nowIso();
        await app
          .db('submission_external_refs')
          .insert({
            id: newId(),
            submission_id: ref.submissionId,
            connector: plugin.id,
            kind: ref.kind,
            external_id: ref.externalId,
            label: ref.label ?? null,
            url: ref.url ?? null,
            created_at: now,
            updated_at: now,
          })
          .onConflict(['submission_id', 'connector', 'kind'])
          .merge(['external_id', 'label', 'url', 'updated_at']);
      },
    },
    forms: {
      async get(formId) {
        const form = await formsRepo.findById(app.db, formId);
        return form ? connectorForm(app, form) : null;
      },
    },
    async notifyFailure({ userIds, formName, message, submissionId }) {
      await notify(app.db, {
        userIds,
        kind: 'integration_failed',
        params: { connector: plugin.name, formName, message: message.slice(0, 300) },
        link: `/r/${submissionId}`,
        submissionId,
      });
    },
  };
}

export function routeHelpers(app: FastifyInstance): ConnectorRouteHelpers {
  return {
    user: (request: FastifyRequest) => currentUser(request),
    requireAdmin(request) {
      const user = currentUser(request);
      requireRole(user, ['admin'], 'manage connections to other systems');
      return user;
    },
    /**
     * The form as the manager may see it: sensitive fields hidden from them are not in its schema, so
     * the plugins' mapping checks refuse a mapping that names one (422, as for a field the form lacks)
     * and the mapping editors do not offer them. Jobs then send only what the manager could map.
     */
    async requireFormManager(request, formId) {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, formId);
      requirePermission(permissions, 'canEdit', "change this form's integrations");
      return connectorForm(app, form, await hiddenFieldsFor(app.db, user, form.id));
    },
  };
}

/**
 * Sensitive fields of a form (models/app.ts FieldAccessRule): which top-level fields only some
 * principals may see. Managing the app (`edit`) is needed to read or change the rules; every change
 * is in the audit log with the rules before and after (field names and principals, never values).
 * Enforcement is in services/fieldAccess.ts and its callers.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FormFieldAccess, type FieldAccessRule, type JsonObject } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { UnprocessableError } from '../../lib/errors.ts';
import { currentUser } from '../../plugins/app/auth.ts';
import { formVersionsRepo, type FormRow } from '../../repositories/forms.ts';
import type { Db } from '../../repositories/types.ts';
import { loadForm, requirePermission } from '../../services/access.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { fieldAccessRepo } from '../../services/fieldAccess.ts';
import { checkedPrincipals } from '../../services/principalCheck.ts';
import { submissionSql } from '../../services/submissionQuerySql.ts';
import { errors } from '../common.ts';

const FormParams = z.object({ formId: z.string() });

const propertiesOf = (schema: unknown): string[] => {
  const properties = (schema as JsonObject | null)?.properties;
  return properties && typeof properties === 'object' && !Array.isArray(properties) ? Object.keys(properties) : [];
};

/** The top-level fields of the form's latest published version and of its draft. */
async function fieldsOfForm(db: Db, form: FormRow): Promise<Set<string>> {
  const fields = new Set(propertiesOf(readJson(form.draft_schema)));
  if (form.latest_version !== null) {
    const version = await formVersionsRepo.find(db, form.id, Number(form.latest_version));
    if (version) for (const key of propertiesOf(readJson(version.schema))) fields.add(key);
  }
  return fields;
}

/** Rules checked against the form (422 unknown_field, duplicate_field) with their principals as stored (422 unknown_user / unknown_department). */
async function checkedRules(db: Db, form: FormRow, rules: FieldAccessRule[]): Promise<FieldAccessRule[]> {
  const fields = await fieldsOfForm(db, form);
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!fields.has(rule.field) || !submissionSql.addressable(rule.field)) {
      throw new UnprocessableError(
        'unknown_field',
        `"${rule.field}" is not a top-level field of this form's published version or draft; name a field by its key.`,
      );
    }
    if (seen.has(rule.field)) {
      throw new UnprocessableError('duplicate_field', `"${rule.field}" has two rules; list everyone who may see it in one rule.`);
    }
    seen.add(rule.field);
  }
  const stored = await checkedPrincipals(
    db,
    rules.flatMap((r) => r.visibleTo),
  );
  let i = 0;
  return rules.map((r) => ({ field: r.field, visibleTo: [...new Set(r.visibleTo.map(() => stored[i++]!))] }));
}

export const permissionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/forms/:formId/field-access',
    {
      schema: {
        tags: ['permissions'],
        summary: "The form's sensitive fields and who may see them (app managers)",
        params: FormParams,
        response: { 200: FormFieldAccess, ...errors(403, 404) },
      },
    },
    async (request) => {
      const { form, permissions } = await loadForm(app.db, currentUser(request), request.params.formId);
      requirePermission(permissions, 'canEdit', "see this form's sensitive fields");
      return { fields: await fieldAccessRepo.rulesOf(app.db, form.id) };
    },
  );

  app.put(
    '/api/forms/:formId/field-access',
    {
      schema: {
        tags: ['permissions'],
        summary: "Replace the form's sensitive-field rules (app managers)",
        description:
          "Each rule names a top-level field and the principals who may see its values in others' records (a user id, *, role:<role>, " +
          "department:<id> with its sub-departments, position:<name>). Admins and each record's submitter always see them. " +
          'An empty list makes every field visible to whoever sees the record.',
        params: FormParams,
        body: FormFieldAccess,
        response: { 200: FormFieldAccess, ...errors(403, 404, 422) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { form, permissions } = await loadForm(app.db, user, request.params.formId);
      requirePermission(permissions, 'canEdit', "change this form's sensitive fields");
      const rules = await checkedRules(app.db, form, request.body.fields);
      await app.db.transaction(async (trx) => {
        const before = await fieldAccessRepo.rulesOf(trx, form.id);
        await fieldAccessRepo.replace(trx, form.id, rules);
        await recordAudit(trx, {
          action: 'form.field_access_changed',
          actorId: user.id,
          targetType: 'form',
          targetId: form.id,
          appId: form.app_id,
          ip: request.ip,
          details: { before, after: await fieldAccessRepo.rulesOf(trx, form.id) },
        });
      });
      return { fields: await fieldAccessRepo.rulesOf(app.db, form.id) };
    },
  );
};

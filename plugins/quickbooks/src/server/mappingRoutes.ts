import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ConnectorHttpError,
  ConnectorPermanentError,
  notFound,
  parseInput,
  unprocessable,
  type ConnectorHost,
  type ConnectorRouteHelpers,
} from '@formloom/plugin-api';
import { z } from 'zod';
import {
  QuickBooksMappingInput,
  QuickBooksMappingTarget,
  type QuickBooksMapping,
  type QuickBooksMappingList,
  type QuickBooksPreview,
} from '../shared/index.ts';
import { QuickBooksClient } from './client.ts';
import { findCompany } from './companies.ts';
import { companyFor } from './connectionRoutes.ts';
import { buildBill, buildBillPayment, buildPurchaseOrder, isMarkedPaid } from './entities.ts';
import { quickbooksRouteError } from './listRoutes.ts';
import { deleteMapping, findMapping, listMappings, saveMapping, type StoredMapping } from './mappings.ts';
import { nameLookups } from './sync.ts';
import { validateMapping } from './validateMapping.ts';

/** Mapping routes: the form's app editors (requireFormManager) say how its submissions reach QuickBooks. */

type Host = ConnectorHost & ConnectorRouteHelpers;
type FormParams = { Params: { formId: string } };

const view = (mapping: StoredMapping, formName: string): QuickBooksMapping => ({ ...mapping, formName });

const PreviewBody = z.object({
  /** Preview an unsaved mapping; the stored one otherwise. */
  target: QuickBooksMappingTarget.optional(),
  /** A particular submission; the form's latest otherwise. */
  submissionId: z.string().min(1).max(64).optional(),
});

export function mappingRoutes(app: FastifyInstance, host: Host): void {
  app.get('/mappings', async (request): Promise<QuickBooksMappingList> => {
    host.user(request);
    const mine = [];
    for (const mapping of await listMappings(host)) {
      const form = await host.requireFormManager(request, mapping.formId).catch(() => null);
      if (!form) continue;
      mine.push({
        formId: mapping.formId,
        formName: form.name,
        realmId: mapping.realmId,
        enabled: mapping.enabled,
        kind: mapping.target.kind,
        updatedAt: mapping.updatedAt,
      });
    }
    return { mappings: mine };
  });

  app.get('/mappings/:formId', async (request: FastifyRequest<FormParams>): Promise<QuickBooksMapping> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const mapping = await findMapping(host, form.id);
    if (!mapping) throw notFound('mapping_not_found', 'This form is not mapped to QuickBooks yet.');
    return view(mapping, form.name);
  });

  app.put('/mappings/:formId', async (request: FastifyRequest<FormParams>): Promise<QuickBooksMapping> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const input = parseInput(QuickBooksMappingInput, request.body);
    const company = input.realmId ? await findCompany(host, input.realmId) : await companyFor(host, undefined);
    if (!company) {
      throw unprocessable('invalid_mapping', `No connected QuickBooks company has the id ${input.realmId}.`, [
        { path: '/realmId', message: 'not a connected company' },
      ]);
    }
    const problems = validateMapping(input.target, form.schema);
    if (problems.length) {
      throw unprocessable('invalid_mapping', `The mapping does not fit the form: ${problems.map((p) => p.message).join(' ')}`, problems);
    }
    const saved = await saveMapping(
      host,
      { formId: form.id, realmId: company.realm_id, enabled: input.enabled ?? true, target: input.target, userId: host.user(request).id },
      new Date().toISOString(),
    );
    return view(saved, form.name);
  });

  app.delete('/mappings/:formId', async (request: FastifyRequest<FormParams>, reply) => {
    const form = await host.requireFormManager(request, request.params.formId);
    if (!(await deleteMapping(host, form.id))) throw notFound('mapping_not_found', 'This form is not mapped to QuickBooks.');
    return reply.status(204).send();
  });

  app.post('/mappings/:formId/preview', async (request: FastifyRequest<FormParams>): Promise<QuickBooksPreview> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const body = parseInput(PreviewBody, request.body);
    const stored = await findMapping(host, form.id);
    const target = body.target ?? stored?.target;
    if (!target) throw notFound('mapping_not_found', 'This form is not mapped to QuickBooks yet; send a mapping to preview.');
    const problems = validateMapping(target, form.schema);
    if (problems.length)
      throw unprocessable('invalid_mapping', `The mapping does not fit the form: ${problems.map((p) => p.message).join(' ')}`, problems);

    const submissionId = body.submissionId ?? (await host.submissions.latestId(form.id));
    const submission = submissionId ? await host.submissions.get(submissionId) : null;
    if (!submission || submission.formId !== form.id || submission.deletedAt) {
      throw notFound('submission_not_found', 'The form has no submission to preview with yet.');
    }
    const company = await companyFor(host, stored?.realmId);
    const lookups = nameLookups(new QuickBooksClient(host, { realmId: company.realm_id, environment: company.environment }));
    try {
      if (target.kind === 'purchase_order') {
        const po = await buildPurchaseOrder(target, submission.id, submission.data, lookups);
        return { submissionId: submission.id, entity: 'PurchaseOrder', body: po, payment: null };
      }
      const bill = await buildBill(target, submission.id, submission.data, lookups);
      const billRef = (await host.submissions.externalRefs(submission.id)).find((r) => r.kind === 'bill');
      const payment =
        billRef && isMarkedPaid(target, submission.data)
          ? buildBillPayment(target.payment!, submission.id, submission.data, {
              id: billRef.externalId,
              vendorRef: bill.body.VendorRef,
              openCents: bill.totalCents,
            })
          : null;
      return { submissionId: submission.id, entity: 'Bill', body: bill.body, payment };
    } catch (err) {
      if (err instanceof ConnectorHttpError) throw err;
      // A name that matches nothing, a line without an amount: the preview says what sending would say.
      if (err instanceof ConnectorPermanentError) throw unprocessable('preview_failed', err.message);
      return quickbooksRouteError(err);
    }
  });
}

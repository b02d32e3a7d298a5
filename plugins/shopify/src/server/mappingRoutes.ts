import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  ConnectorPermanentError,
  notFound,
  parseInput,
  unprocessable,
  type ConnectorForm,
  type ConnectorHost,
  type ConnectorRouteHelpers,
} from '@formloom/plugin-api';
import {
  ShopifyMappingInput,
  ShopifyPreviewInput,
  type ShopifyMapping,
  type ShopifyMappingList,
  type ShopifyMappingTarget,
  type ShopifyPreview,
} from '../shared/index.ts';
import { buildOrder } from './build.ts';
import { loadConnection } from './connection.ts';
import { deleteMapping, findMapping, listMappings, saveMapping } from './mappings.ts';
import { suggestedMapping } from './suggested.ts';
import { buildAdjustment } from './sync.ts';
import { validateMapping } from './validateMapping.ts';

/** Mapping routes: the form's app editors (requireFormManager) say how its submissions reach Shopify. */

type Host = ConnectorHost & ConnectorRouteHelpers;
type FormParams = { Params: { formId: string } };

async function checked(host: Host, target: ShopifyMappingTarget, form: ConnectorForm): Promise<void> {
  const problems = await validateMapping(target, form, host);
  if (problems.length) {
    throw unprocessable('invalid_mapping', `The mapping does not fit the form: ${problems.map((p) => p.message).join(' ')}`, problems);
  }
}

/** A movement form's latest stock move, as its `stock.moved` event said it. */
async function latestMove(host: Host, formId: string, submissionId: string | undefined) {
  const rows = await host
    .knex('domain_events')
    .where({ form_id: formId, type: 'stock.moved' })
    .orderBy('seq', 'desc')
    .limit(200)
    .select('payload');
  type Move = { submissionId: string; item: string; zones: { zone: string; delta: number }[] };
  const moves = rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Move);
  return (submissionId ? moves.find((m) => m.submissionId === submissionId) : moves[0]) ?? null;
}

export function mappingRoutes(app: FastifyInstance, host: Host): void {
  app.get('/mappings', async (request): Promise<ShopifyMappingList> => {
    host.user(request);
    const mine: ShopifyMappingList['mappings'] = [];
    for (const m of await listMappings(host)) {
      const form = await host.requireFormManager(request, m.formId).catch(() => null);
      if (!form) continue;
      const t = m.target;
      mine.push({
        formId: m.formId,
        formName: form.name,
        enabled: m.enabled,
        kind: t.kind,
        trigger: t.kind === 'inventory' ? 'stock_moved' : t.trigger,
        updatedAt: m.updatedAt,
      });
    }
    return { mappings: mine };
  });

  app.get('/mappings/:formId', async (request: FastifyRequest<FormParams>): Promise<ShopifyMapping> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const m = await findMapping(host, form.id);
    if (m) return { formId: form.id, formName: form.name, enabled: m.enabled, target: m.target, updatedAt: m.updatedAt, suggested: false };
    const suggestion = suggestedMapping(form.schema);
    if (suggestion) return { formId: form.id, formName: form.name, enabled: false, target: suggestion, updatedAt: null, suggested: true };
    throw notFound('mapping_not_found', 'This form is not mapped to Shopify yet.');
  });

  app.put('/mappings/:formId', async (request: FastifyRequest<FormParams>): Promise<ShopifyMapping> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const input = parseInput(ShopifyMappingInput, request.body);
    await checked(host, input.target, form);
    const saved = await saveMapping(
      host,
      { formId: form.id, enabled: input.enabled, target: input.target, userId: host.user(request).id },
      new Date().toISOString(),
    );
    return { ...saved, formName: form.name, suggested: false };
  });

  app.delete('/mappings/:formId', async (request: FastifyRequest<FormParams>, reply) => {
    const form = await host.requireFormManager(request, request.params.formId);
    if (!(await deleteMapping(host, form.id))) throw notFound('mapping_not_found', 'This form is not mapped to Shopify.');
    return reply.status(204).send();
  });

  app.post('/mappings/:formId/preview', async (request: FastifyRequest<FormParams>): Promise<ShopifyPreview> => {
    const form = await host.requireFormManager(request, request.params.formId);
    const body = parseInput(ShopifyPreviewInput, request.body);
    const target = body.target ?? (await findMapping(host, form.id))?.target ?? suggestedMapping(form.schema);
    if (!target) throw notFound('mapping_not_found', 'This form is not mapped to Shopify yet; send a mapping to preview.');
    await checked(host, target, form);
    try {
      if (target.kind === 'inventory') {
        const move = await latestMove(host, form.id, body.submissionId);
        if (!move) throw notFound('submission_not_found', 'The form has no stock movement to preview with yet.');
        const built = await buildAdjustment(host, target, move);
        if ('skipped' in built) throw unprocessable('preview_failed', `Nothing would be sent: ${built.skipped}.`);
        return { submissionId: move.submissionId, mutation: 'inventoryAdjustQuantities', variables: built };
      }
      const submissionId = body.submissionId ?? (await host.submissions.latestId(form.id));
      const submission = submissionId ? await host.submissions.get(submissionId) : null;
      if (!submission || submission.formId !== form.id || submission.deletedAt) {
        throw notFound('submission_not_found', 'The form has no submission to preview with yet.');
      }
      const conn = await loadConnection(host);
      const built = buildOrder(target, submission.id, submission.data, conn?.currencyCode ?? 'HKD');
      return { submissionId: submission.id, mutation: built.mutation, variables: built.variables };
    } catch (err) {
      // What sending would say (a line without a price, too many lines), said now.
      if (err instanceof ConnectorPermanentError) throw unprocessable('preview_failed', err.message);
      throw err;
    }
  });
}

import type { ConnectorHost } from '@formloom/plugin-api';
import { ShopifyMappingTarget, type ShopifyMappingTarget as Target } from '../shared/index.ts';

/** The stored mappings (one per form) and a short cache for `accepts`, which runs for every event. */

export interface StoredMapping {
  formId: string;
  enabled: boolean;
  target: Target;
  updatedAt: string;
}

interface MappingRow {
  form_id: string;
  enabled: boolean | number;
  kind: string;
  target: string;
  updated_at: string;
}

function fromRow(row: MappingRow): StoredMapping {
  return {
    formId: row.form_id,
    enabled: Boolean(row.enabled),
    // Parsed again on the way out: a mapping written by an older version still meets today's model or fails loudly.
    target: ShopifyMappingTarget.parse(JSON.parse(row.target)),
    updatedAt: row.updated_at,
  };
}

const CACHE_MS = 2_000;
const cache = new Map<string, { at: number; mapping: StoredMapping | null }>();

export async function findMapping(host: Pick<ConnectorHost, 'knex'>, formId: string): Promise<StoredMapping | null> {
  const row: MappingRow | undefined = await host.knex('shopify_mappings').where({ form_id: formId }).first();
  return row ? fromRow(row) : null;
}

/** The mapping as `accepts` sees it: at most CACHE_MS old. */
export async function cachedMapping(host: Pick<ConnectorHost, 'knex'>, formId: string): Promise<StoredMapping | null> {
  const hit = cache.get(formId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.mapping;
  const mapping = await findMapping(host, formId);
  cache.set(formId, { at: Date.now(), mapping });
  return mapping;
}

export async function listMappings(host: Pick<ConnectorHost, 'knex'>): Promise<StoredMapping[]> {
  const rows: MappingRow[] = await host.knex('shopify_mappings').orderBy('updated_at', 'desc');
  return rows.map(fromRow);
}

export async function saveMapping(
  host: Pick<ConnectorHost, 'knex'>,
  input: { formId: string; enabled: boolean; target: Target; userId: string },
  now: string,
): Promise<StoredMapping> {
  await host
    .knex('shopify_mappings')
    .insert({
      form_id: input.formId,
      enabled: input.enabled,
      kind: input.target.kind,
      target: JSON.stringify(input.target),
      updated_by: input.userId,
      updated_at: now,
    })
    .onConflict('form_id')
    .merge(['enabled', 'kind', 'target', 'updated_by', 'updated_at']);
  cache.delete(input.formId);
  return { formId: input.formId, enabled: input.enabled, target: input.target, updatedAt: now };
}

export async function deleteMapping(host: Pick<ConnectorHost, 'knex'>, formId: string): Promise<boolean> {
  const n = await host.knex('shopify_mappings').where({ form_id: formId }).delete();
  cache.delete(formId);
  return n > 0;
}

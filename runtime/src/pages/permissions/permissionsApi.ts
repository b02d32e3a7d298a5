import type { AppGrant, FieldAccessRule } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from '../../api/client.ts';

export type { AppGrant, FieldAccessRule };

/** The permission sets page's calls: an app's grants and each form's sensitive-field rules. */
export interface PermissionsApi {
  grants(appId: string): Promise<AppGrant[]>;
  saveGrants(appId: string, grants: AppGrant[]): Promise<AppGrant[]>;
  fieldAccess(formId: string): Promise<FieldAccessRule[]>;
  saveFieldAccess(formId: string, fields: FieldAccessRule[]): Promise<FieldAccessRule[]>;
}

const enc = encodeURIComponent;

export function permissionsApiOf(api: ApiClient): PermissionsApi {
  const request = (api as Partial<HttpApiClient>).request;
  if (typeof request !== 'function') throw new Error('The permissions page needs an API client with request() (createHttpClient)');
  const send = request.bind(api);
  return {
    grants: async (appId) => (await send<{ grants: AppGrant[] }>('GET', `/api/apps/${enc(appId)}/grants`)).grants,
    saveGrants: async (appId, grants) => (await send<{ grants: AppGrant[] }>('PUT', `/api/apps/${enc(appId)}/grants`, { grants })).grants,
    fieldAccess: async (formId) => (await send<{ fields: FieldAccessRule[] }>('GET', `/api/forms/${enc(formId)}/field-access`)).fields,
    saveFieldAccess: async (formId, fields) =>
      (await send<{ fields: FieldAccessRule[] }>('PUT', `/api/forms/${enc(formId)}/field-access`, { fields })).fields,
  };
}

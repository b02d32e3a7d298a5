import type { App, Form, FormVersion, HttpApiClient } from '@formloom/runtime';
import type { FlowDefinition } from '@formloom/schemas';

export interface FormDocument {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

/** What a draft save sends: `workflow` only when the flow should change (null removes it). */
export type DraftPatch = Partial<FormDocument> & { name?: string; workflow?: FlowDefinition | null };

const enc = encodeURIComponent;

/**
 * The designer's calls, over the runtime's transport (same session, same CSRF handling). Drafts
 * are saved with If-Match so an edit made elsewhere is never overwritten: 412 version_conflict.
 */
export function designerApi(http: HttpApiClient) {
  return {
    listApps: () => http.listApps(),
    createApp: (name: string) => http.request<App>('POST', '/api/apps', { name }),
    listForms: (appId: string) => http.listForms(appId),
    getForm: (formId: string) => http.getForm(formId),
    createForm: (appId: string, name: string, doc: FormDocument) =>
      http.request<Form>('POST', `/api/apps/${enc(appId)}/forms`, { name, schema: doc.schema, uiSchema: doc.uiSchema }),
    saveDraft: (formId: string, revision: number, patch: DraftPatch) =>
      http.request<Form>('PUT', `/api/forms/${enc(formId)}`, patch, { 'If-Match': `"${revision}"` }),
    publish: (formId: string) => http.request<{ version: number; form: Form }>('POST', `/api/forms/${enc(formId)}/publish`),
    listVersions: async (formId: string) =>
      (await http.request<{ items: FormVersion[] }>('GET', `/api/forms/${enc(formId)}/versions`)).items,
  };
}

export type DesignerApi = ReturnType<typeof designerApi>;

/** A new form starts as an empty object schema titled with its name. */
export function blankForm(name: string): FormDocument {
  return {
    schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', title: name, properties: {} },
    uiSchema: {},
  };
}

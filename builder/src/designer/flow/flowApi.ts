/**
 * The flow editor's calls: the route simulation, and names for the ids a flow holds (people,
 * departments) so cards read "Alice Chan" rather than an id. Over the runtime's transport.
 */
import { useMemo } from 'react';
import { useApi, type HttpApiClient } from '@formloom/runtime';
import type { Department, FlowDefinition, SimulateResult } from '@formloom/schemas';

const enc = encodeURIComponent;

export interface DirectoryPerson {
  id: string;
  name: string;
  email: string;
}

export function flowApi(http: Pick<HttpApiClient, 'request'>) {
  return {
    /** The editor's current flow, saved or not, run for a submitter and sample answers. */
    simulate: (formId: string, body: { data: Record<string, unknown>; submitterId: string; workflow: FlowDefinition }) =>
      http.request<SimulateResult>('POST', `/api/forms/${enc(formId)}/workflow/simulate`, { ...body, draft: true }),
    peopleById: async (ids: string[]): Promise<DirectoryPerson[]> =>
      ids.length === 0
        ? []
        : (
            await http.request<{ items: DirectoryPerson[] }>(
              'GET',
              `/api/directory/users?ids=${enc(ids.join(','))}&limit=${Math.min(ids.length, 200)}`,
            )
          ).items,
    departments: async () => (await http.request<{ items: Department[] }>('GET', '/api/directory/departments')).items,
  };
}

export type FlowApi = ReturnType<typeof flowApi>;

export function useFlowApi(): FlowApi {
  const http = useApi() as unknown as HttpApiClient;
  return useMemo(() => flowApi(http), [http]);
}

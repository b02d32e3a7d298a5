/** The Schedule tab's calls: the form's schedule (saved apart from the draft), and names for the audience's ids. */
import { useMemo } from 'react';
import { useApi, type HttpApiClient } from '@formloom/runtime';
import type { Department, Schedule, ScheduleBody } from '@formloom/schemas';

const enc = encodeURIComponent;

export interface AudiencePerson {
  id: string;
  name: string;
  email: string;
}

export function scheduleApi(http: Pick<HttpApiClient, 'request'>) {
  return {
    /** null when the form has no schedule yet. */
    get: async (formId: string): Promise<Schedule | null> => {
      try {
        return await http.request<Schedule>('GET', `/api/forms/${enc(formId)}/schedule`);
      } catch (err) {
        if ((err as { code?: string }).code === 'schedule_not_found') return null;
        throw err;
      }
    },
    save: (formId: string, body: ScheduleBody) => http.request<Schedule>('PUT', `/api/forms/${enc(formId)}/schedule`, body),
    departments: async () => (await http.request<{ items: Department[] }>('GET', '/api/directory/departments')).items,
    peopleById: async (ids: string[]): Promise<AudiencePerson[]> =>
      ids.length === 0
        ? []
        : (
            await http.request<{ items: AudiencePerson[] }>(
              'GET',
              `/api/directory/users?ids=${enc(ids.join(','))}&limit=${Math.min(ids.length, 200)}`,
            )
          ).items,
  };
}

export type ScheduleApi = ReturnType<typeof scheduleApi>;

export function useScheduleApi(): ScheduleApi {
  const http = useApi() as unknown as HttpApiClient;
  return useMemo(() => scheduleApi(http), [http]);
}

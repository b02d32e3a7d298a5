// Recurring collections as the runtime uses them: what is due today for me, a scheduled form's
// periods, who responded in one, and the "remind non-responders" button. Built on the HTTP
// client's `request`, so CSRF, Accept-Language and errors work as everywhere.
import type {
  Assignment,
  AssignmentStatus,
  Department,
  PeriodDetail,
  PeriodPage,
  PeriodSummary,
  Schedule,
  ScheduleBody,
} from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { Assignment, AssignmentStatus, Department, PeriodDetail, PeriodPage, PeriodSummary, Schedule, ScheduleBody };

export interface SchedulesApi {
  dueToday(): Promise<Assignment[]>;
  periods(formId: string, options?: { limit?: number; cursor?: string | null }): Promise<PeriodPage>;
  period(formId: string, periodKey: string): Promise<PeriodDetail>;
  remind(formId: string, periodKey: string): Promise<{ reminded: number }>;
  /** Every department (any signed-in user may read the directory), to name the departments of people. */
  departments(): Promise<Department[]>;
  /** null when the form has no schedule. */
  schedule(formId: string): Promise<Schedule | null>;
  saveSchedule(formId: string, body: ScheduleBody): Promise<Schedule>;
  deleteSchedule(formId: string): Promise<void>;
}

const enc = encodeURIComponent;

export function createSchedulesApi(request: HttpApiClient['request']): SchedulesApi {
  return {
    async dueToday() {
      return (await request<{ items: Assignment[] }>('GET', '/api/assignments?due=today')).items;
    },
    periods(formId, { limit, cursor } = {}) {
      const params = new URLSearchParams();
      if (limit) params.set('limit', String(limit));
      if (cursor) params.set('cursor', cursor);
      return request<PeriodPage>('GET', `/api/forms/${enc(formId)}/periods?${params}`);
    },
    period(formId, periodKey) {
      return request<PeriodDetail>('GET', `/api/forms/${enc(formId)}/periods/${enc(periodKey)}`);
    },
    remind(formId, periodKey) {
      return request<{ reminded: number }>('POST', `/api/forms/${enc(formId)}/periods/${enc(periodKey)}/remind`);
    },
    async departments() {
      return (await request<{ items: Department[] }>('GET', '/api/directory/departments')).items;
    },
    async schedule(formId) {
      try {
        return await request<Schedule>('GET', `/api/forms/${enc(formId)}/schedule`);
      } catch (err) {
        if ((err as { code?: string }).code === 'schedule_not_found') return null;
        throw err;
      }
    },
    saveSchedule(formId, body) {
      return request<Schedule>('PUT', `/api/forms/${enc(formId)}/schedule`, body);
    },
    async deleteSchedule(formId) {
      await request<void>('DELETE', `/api/forms/${enc(formId)}/schedule`);
    },
  };
}

/** The schedules calls over the app's API client (the HTTP client in the app; tests pass one with `request`). */
export function schedulesApiFor(client: ApiClient): SchedulesApi | null {
  const request = (client as Partial<HttpApiClient>).request;
  return request ? createSchedulesApi(request) : null;
}

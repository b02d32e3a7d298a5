// The people directory (any signed-in user): searching people for pickers, the department tree, the
// positions in use, and names for stored person values. Built on the HTTP client's `request`.
import type { Department, DirectoryUser } from '@formloom/schemas';
import type { ApiClient, HttpApiClient } from './client.ts';

export type { Department, DirectoryUser };

export interface DirectorySearch {
  q?: string;
  departmentId?: string;
  ids?: string[];
  limit?: number;
}

export interface DirectoryApi {
  searchUsers(search: DirectorySearch): Promise<DirectoryUser[]>;
  /** Enabled people by id; ids that are unknown or disabled are simply absent. */
  usersById(ids: string[]): Promise<Map<string, DirectoryUser>>;
  departments(): Promise<Department[]>;
  positions(): Promise<string[]>;
  /** Drops the shared department tree and positions (after an admin changed them). */
  forget(): void;
}

type Request = HttpApiClient['request'];

/** The server looks up at most this many ids per call (its limit's maximum). */
const IDS_PER_CALL = 200;
/** The tree and the positions change rarely; many pickers on one page share one answer for this long. */
const SHARED_FOR_MS = 30_000;

function shared<T>(load: () => Promise<T>): (() => Promise<T>) & { forget(): void } {
  let cached: { at: number; value: Promise<T> } | null = null;
  const get = () => {
    if (!cached || Date.now() - cached.at > SHARED_FOR_MS) {
      const value = load();
      cached = { at: Date.now(), value };
      // A failed load is not kept: the next picker asks again.
      value.catch(() => (cached = null));
    }
    return cached.value;
  };
  return Object.assign(get, { forget: () => void (cached = null) });
}

export function createDirectoryApi(request: Request): DirectoryApi {
  const searchUsers = async (search: DirectorySearch) => {
    const params = new URLSearchParams();
    if (search.q?.trim()) params.set('q', search.q.trim());
    if (search.departmentId) params.set('departmentId', search.departmentId);
    if (search.ids) params.set('ids', search.ids.join(','));
    if (search.limit) params.set('limit', String(search.limit));
    const query = params.toString();
    const res = await request<{ items: DirectoryUser[] }>('GET', `/api/directory/users${query ? `?${query}` : ''}`);
    return res.items;
  };
  const departments = shared(async () => (await request<{ items: Department[] }>('GET', '/api/directory/departments')).items);
  const positions = shared(async () => (await request<{ items: string[] }>('GET', '/api/directory/positions')).items);
  return {
    searchUsers,
    async usersById(ids) {
      const unique = [...new Set(ids.filter(Boolean))];
      const out = new Map<string, DirectoryUser>();
      for (let i = 0; i < unique.length; i += IDS_PER_CALL) {
        const batch = unique.slice(i, i + IDS_PER_CALL);
        for (const user of await searchUsers({ ids: batch, limit: batch.length })) out.set(user.id, user);
      }
      return out;
    },
    departments,
    positions,
    forget() {
      departments.forget();
      positions.forget();
    },
  };
}

const byClient = new WeakMap<ApiClient, DirectoryApi>();

/** One directory per API client, so every picker on a page shares the department tree it loaded. */
export function directoryApiOf(api: ApiClient): DirectoryApi {
  let found = byClient.get(api);
  if (!found) {
    const request = (api as Partial<HttpApiClient>).request;
    if (typeof request !== 'function') throw new Error('The people directory needs an API client with request() (createHttpClient)');
    found = createDirectoryApi(request.bind(api));
    byClient.set(api, found);
  }
  return found;
}

/** A department's name in the UI language (English when it has no Chinese name). */
export function departmentName(department: Pick<Department, 'name'>, language: string): string {
  return language === 'zh-Hant' ? (department.name['zh-Hant'] ?? department.name.en) : department.name.en;
}

// For component tests: an in-memory stand-in for the data-view routes, answering `request()` the way
// the server's contract says (pages with cursors and a total, views, a record with history, If-Match).
// It records every call so a test can check what the page asked for.
import { ApiError } from '../../api/errors.ts';
import type { HistoryEntry, RecordDetail, SavedView } from '../../api/records.ts';
import type { FormVersion, Submission } from '../../api/types.ts';

export interface RecordedCall {
  method: string;
  path: string;
  params: URLSearchParams;
  body?: unknown;
  headers?: Record<string, string>;
}

const fail = (statusCode: number, code: string, message = code) => new ApiError({ statusCode, code, error: 'Error', message });

export class FakeRecordsServer {
  calls: RecordedCall[] = [];
  views: SavedView[] = [];
  history = new Map<string, HistoryEntry[]>();
  versions: FormVersion[] = [];
  /** Records whose delete the server refuses with 409 (a stock movement, say). */
  undeletable = new Map<string, string>();
  /** Fields the form no longer has: a filter naming one is refused (400 invalid_filter). */
  unknownFields = new Set<string>();
  private nextViewId = 1;

  constructor(
    public submissions: (Submission & { updatedAt?: string })[],
    public permissions = { canEdit: true, canDelete: true },
  ) {}

  /** The `request` of an HttpApiClient. */
  request = async <T>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<T> => {
    const [path, search = ''] = url.split('?');
    const params = new URLSearchParams(search);
    this.calls.push({ method, path, params, body, headers });
    return this.answer(method, path, params, body, headers) as T;
  };

  callsTo(method: string, pathPattern: RegExp) {
    return this.calls.filter((c) => c.method === method && pathPattern.test(c.path));
  }

  private answer(method: string, path: string, params: URLSearchParams, body: unknown, headers?: Record<string, string>): unknown {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/api\/forms\/([^/]+)\/submissions$/))) return this.list(params);
    if ((m = path.match(/^\/api\/forms\/([^/]+)\/views$/))) {
      if (method === 'GET') return { items: this.views };
      const input = body as Omit<SavedView, 'id'>;
      const view: SavedView = {
        id: `v${this.nextViewId++}`,
        formId: decodeURIComponent(m[1]),
        name: input.name,
        columns: input.columns,
        sort: input.sort ?? null,
        q: input.q ?? null,
        filter: input.filter ?? [],
        shared: input.shared ?? false,
        ownerId: 'u1',
        ownerName: 'Chan Mei',
        canEdit: true,
      };
      this.views.push(view);
      return view;
    }
    if ((m = path.match(/^\/api\/views\/([^/]+)$/))) {
      const view = this.views.find((v) => v.id === decodeURIComponent(m![1]));
      if (!view) throw fail(404, 'view_not_found');
      if (method === 'DELETE') {
        this.views = this.views.filter((v) => v !== view);
        return undefined;
      }
      Object.assign(view, body);
      return view;
    }
    if (method === 'GET' && (m = path.match(/^\/api\/forms\/([^/]+)\/versions$/))) return { items: this.versions };
    if ((m = path.match(/^\/api\/submissions\/([^/]+)\/history$/))) return { items: this.history.get(decodeURIComponent(m[1])) ?? [] };
    if ((m = path.match(/^\/api\/submissions\/([^/]+)$/))) {
      const id = decodeURIComponent(m[1]);
      const found = this.submissions.find((s) => s.id === id);
      if (!found) throw fail(404, 'submission_not_found');
      if (method === 'GET') return this.detail(found);
      if (method === 'DELETE') {
        const refusal = this.undeletable.get(id);
        if (refusal) throw fail(409, 'stock_movement_locked', refusal);
        this.submissions = this.submissions.filter((s) => s !== found);
        return undefined;
      }
      if (method === 'PATCH') {
        const current = found.updatedAt ?? found.createdAt;
        if (headers?.['If-Match'] && headers['If-Match'] !== `"${current}"`) throw fail(412, 'version_conflict');
        found.data = (body as { data: Record<string, unknown> }).data;
        found.updatedAt = new Date(Date.parse(current) + 60_000).toISOString();
        return this.detail(found);
      }
    }
    throw fail(404, 'route_not_found', `${method} ${path}`);
  }

  private detail(s: Submission): RecordDetail {
    return { ...s, ...this.permissions };
  }

  /**
   * Sorted like the server (newest first by default); pages by cursor or by offset (not both, like the
   * server). Search and filter are the server's job, not the fake's.
   */
  private list(params: URLSearchParams) {
    for (const clause of JSON.parse(params.get('filter') ?? '[]') as { field: string }[]) {
      if (this.unknownFields.has(clause.field)) throw fail(400, 'invalid_filter', `"${clause.field}" is not a field of this form.`);
    }
    const sort = params.get('sort') ?? '-createdAt';
    const desc = sort.startsWith('-');
    const key = desc ? sort.slice(1) : sort;
    const valueOf = (s: Submission): string | number => {
      const v = key.startsWith('data.') ? s.data[key.slice(5)] : (s as unknown as Record<string, unknown>)[key];
      return typeof v === 'number' ? v : String(v ?? '');
    };
    const sorted = [...this.submissions].sort((a, b) => {
      const [x, y] = [valueOf(a), valueOf(b)];
      const order = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
      return desc ? -order : order;
    });
    const cursor = params.get('cursor');
    if (cursor !== null && params.has('offset')) throw fail(400, 'invalid_request', 'Send either cursor or offset, not both.');
    const start = cursor !== null ? Number(cursor.replace(/^after:/, '')) : Number(params.get('offset') ?? 0);
    const limit = Number(params.get('limit') ?? 50);
    const items = sorted.slice(start, start + limit);
    return { items, nextCursor: start + limit < sorted.length ? `after:${start + limit}` : null, total: sorted.length };
  }
}

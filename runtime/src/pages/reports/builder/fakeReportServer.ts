// Test helper: a fake of the report, dashboard and digest routes behind `request()`, keeping what was
// saved so a test can check what the pages sent, and answering queries with a result shaped like the
// definition (a column per dimension and measure) over rows the test gives.
import type { Dashboard, DashboardBody, Digest, DigestBody, ReportDefinition, ReportResult, SavedReport } from '@formloom/schemas';
import { vi } from 'vitest';
import type { ApiClient } from '../../../api/client.ts';
import { apiError, fakeApi, publishedForm, session, app } from '../../../test/fakeApi.ts';

const AT = '2026-11-20T08:00:00.000Z';

export const expenseForm = publishedForm(
  {
    schema: {
      title: 'Expense claim',
      type: 'object',
      properties: {
        category: {
          type: 'string',
          title: 'Category',
          oneOf: [
            { const: 'meal', title: 'Meal' },
            { const: 'taxi', title: 'Taxi' },
          ],
        },
        amount: { type: 'number', title: 'Amount' },
        spentOn: { type: 'string', format: 'date', title: 'Spent on' },
        note: { type: 'string', title: 'Note' },
      },
    },
    uiSchema: {
      amount: { 'ui:fieldType': 'money' },
      'ui:i18n': {
        'zh-Hant': { '/schema/title': '報銷申請', '/schema/properties/category/title': '類別', '/schema/properties/amount/title': '金額' },
      },
    },
  },
  { id: 'form1', appId: 'app1', name: 'Expense claim' },
);

export interface Call {
  method: string;
  path: string;
  params: URLSearchParams;
  body: unknown;
}

export class FakeReportServer {
  reports: SavedReport[] = [];
  dashboards: Dashboard[] = [];
  digests: Digest[] = [];
  calls: Call[] = [];
  /** Rows per query, cells in the order of the definition's dimensions then measures. */
  rows: (string | number | null)[][] = [
    ['meal', 120.5],
    ['taxi', 80.25],
  ];
  /** When set, the next queries are refused with this 400 message. */
  refuseWith: string | null = null;
  userId = 'u1';
  private seq = 0;

  calledWith(method: string, path: string) {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  result(definition: ReportDefinition): ReportResult {
    const columns = [
      ...definition.dimensions.map((d, i) => ({
        id: d.id ?? `d${i}`,
        role: 'dimension' as const,
        label: { en: d.field, 'zh-Hant': d.field },
        type: 'text' as const,
      })),
      ...definition.measures.map((m, i) => ({
        id: m.id ?? `m${i}`,
        role: 'measure' as const,
        label: { en: m.op, 'zh-Hant': m.op },
        type: m.op === 'count' ? ('number' as const) : ('money' as const),
      })),
    ];
    const width = columns.length;
    const rows =
      definition.dimensions.length === 0
        ? [[this.rows.reduce((s, r) => s + Number(r.at(-1) ?? 0), 0)]]
        : this.rows.map((r) => r.slice(0, width));
    return { columns, rows, labels: {}, truncated: false, computedAt: AT };
  }

  private saveReport(definition: Partial<ReportDefinition>, id?: string): SavedReport {
    // As the server answers: the definition with its defaults filled in.
    const full = { limit: 1000, timezone: 'Asia/Hong_Kong', filters: [], sort: [], ...definition } as ReportDefinition;
    const existing = this.reports.find((r) => r.id === id);
    if (existing) {
      existing.definition = full;
      return existing;
    }
    const report: SavedReport = {
      id: `rep${++this.seq}`,
      appId: 'app1',
      formId: full.formId,
      definition: full,
      ownerId: this.userId,
      canEdit: true,
      createdAt: AT,
      updatedAt: AT,
    };
    this.reports.push(report);
    return report;
  }

  private withReports(d: Dashboard): Dashboard {
    return { ...d, reports: this.reports.filter((r) => d.widgets.some((w) => w.reportId === r.id)) };
  }

  addDashboard(body: Partial<DashboardBody> & Pick<DashboardBody, 'name'>, over: Partial<Dashboard> = {}): Dashboard {
    const d: Dashboard = {
      id: `dash${++this.seq}`,
      widgets: [],
      shares: [],
      ownerId: this.userId,
      canEdit: true,
      revision: 0,
      reports: [],
      createdAt: AT,
      updatedAt: AT,
      ...body,
      ...over,
    };
    this.dashboards.push(d);
    return this.withReports(d);
  }

  request = vi.fn(async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const url = new URL(path, 'http://test');
    const p = url.pathname;
    this.calls.push({ method, path: p, params: url.searchParams, body });
    let m: RegExpExecArray | null;
    if (p === '/api/reports/query' && method === 'POST') {
      if (this.refuseWith) throw apiError({ statusCode: 400, code: 'invalid_report', message: this.refuseWith });
      return this.result(body as ReportDefinition);
    }
    if (p === '/api/reports' && method === 'GET') return { items: this.reports };
    if (p === '/api/reports' && method === 'POST') return this.saveReport((body as { definition: ReportDefinition }).definition);
    if ((m = /^\/api\/reports\/([^/]+)$/.exec(p))) {
      const report = this.reports.find((r) => r.id === m![1]);
      if (!report) throw apiError({ statusCode: 404, code: 'report_not_found' });
      if (method === 'GET') return report;
      if (method === 'PATCH') return this.saveReport((body as { definition: ReportDefinition }).definition, report.id);
    }
    if (p === '/api/dashboards' && method === 'GET') return { items: this.dashboards.map((d) => this.withReports(d)) };
    if (p === '/api/dashboards' && method === 'POST') return this.addDashboard(body as DashboardBody);
    if ((m = /^\/api\/dashboards\/([^/]+)(\/widgets\/([^/]+)\/query)?$/.exec(p))) {
      const dashboard = this.dashboards.find((d) => d.id === m![1]);
      if (!dashboard) throw apiError({ statusCode: 404, code: 'dashboard_not_found' });
      if (m[3]) {
        const widget = dashboard.widgets.find((w) => w.id === m![3]);
        const report = this.reports.find((r) => r.id === widget?.reportId);
        if (!report) throw apiError({ statusCode: 404, code: 'report_not_found' });
        return this.result(report.definition);
      }
      if (method === 'GET') return this.withReports(dashboard);
      if (method === 'PATCH') {
        const { revision, ...change } = body as { revision?: number };
        const current = dashboard.revision;
        if (revision !== undefined && revision !== current) throw apiError({ statusCode: 409, code: 'dashboard_conflict' });
        Object.assign(dashboard, change, { revision: current + 1 });
        return this.withReports(dashboard);
      }
      if (method === 'DELETE') {
        this.dashboards = this.dashboards.filter((d) => d !== dashboard);
        return undefined;
      }
    }
    if (p === '/api/digests' && method === 'GET') return { items: this.digests };
    if (p === '/api/digests' && method === 'POST') {
      const digest: Digest = {
        ...(body as DigestBody),
        id: `dig${++this.seq}`,
        ownerId: this.userId,
        nextRuns: ['2026-11-20T10:00:00.000Z'],
        lastRun: null,
        createdAt: AT,
        updatedAt: AT,
      };
      this.digests.push(digest);
      return digest;
    }
    if ((m = /^\/api\/digests\/([^/]+)\/send-test$/.exec(p))) return { sentTo: 'mei@example.com' };
    if (p === '/api/directory/departments') return { items: [] };
    if (p === '/api/directory/positions') return { items: [] };
    if (p === '/api/directory/users') return { items: [] };
    throw new Error(`unexpected ${method} ${path}`);
  });

  api(over: Partial<ApiClient> = {}) {
    return Object.assign(
      fakeApi({
        me: () => Promise.resolve(session({ id: this.userId, role: 'builder' })),
        listApps: () => Promise.resolve([app()]),
        listForms: () => Promise.resolve([expenseForm]),
        getForm: () => Promise.resolve(expenseForm),
        ...over,
      }),
      { request: this.request },
    );
  }
}

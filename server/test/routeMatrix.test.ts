import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DIALECTS, adminClient, publishedForm, startTestServer, userClient, type TestServer } from './helpers.ts';

/**
 * The route matrix (first cut): every GET route the server registers, read from the server itself
 * (printRoutes, so a new route is in the matrix the day it is added), called with the OTHER tenant's
 * object ids by a signed-in person of one tenant and by an anonymous caller. No 2xx answer may carry
 * the other tenant's record id or its sensitive-field marker, and nothing but the routes classified
 * public below answers an anonymous caller with 2xx.
 */

const HKID = 'Q135790(2)';

/** Routes anyone may call without signing in; every other route must refuse an anonymous caller. */
const PUBLIC: RegExp[] = [
  /^\/api\/health/,
  /^\/api\/auth\/(sso|password-policy|login|logout)/,
  /^\/api\/openapi/,
  /^\/(docs|documentation|openapi)/,
  /^\/api\/signatures\/verify/,
  /^\/builder/,
  /^\/\*?$/,
  /^\/assets/,
];

/** Paths from Fastify's route tree: `├── /api/apps (POST, GET, HEAD)` with children indented by four. */
export function routesOf(tree: string): { path: string; methods: string[] }[] {
  const stack: string[] = [];
  const out: { path: string; methods: string[] }[] = [];
  for (const line of tree.split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const rest = line.slice(at + 4);
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(rest)!;
    stack.length = depth;
    stack.push(match[1]);
    if (match[2]) out.push({ path: stack.join(''), methods: match[2].split(', ') });
  }
  return out;
}

describe.each(DIALECTS)('route matrix on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let anonymous: Client;
  let outsider: Client;
  const hr: Record<string, string> = {};
  let routes: { path: string; methods: string[] }[];

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    routes = routesOf(server.app.printRoutes({ commonPrefix: false }));
    // Tenant HR: an app with a record holding an HKID, a saved report. Tenant Warehouse: its own app.
    const hrForm = await publishedForm(admin, {
      type: 'object',
      properties: { name: { type: 'string' }, hkid: { type: 'string' } },
    });
    hr.appId = hrForm.appId;
    hr.formId = hrForm.formId;
    const record = await admin.post(`/api/forms/${hr.formId}/submissions`, { data: { name: 'hr person', hkid: HKID } });
    expect(record.status).toBe(201);
    hr.submissionId = record.body.id;
    const report = await admin.post('/api/reports', {
      definition: { formId: hr.formId, dimensions: [{ field: 'data.name' }], measures: [{ op: 'count' }] },
    });
    hr.reportId = report.body.id;
    const warehouse = await publishedForm(admin);
    const { client, user } = await userClient(server, admin, 'member', 'warehouse-picker');
    outsider = client;
    expect(
      (await admin.put(`/api/apps/${warehouse.appId}/grants`, { grants: [{ principal: user.id, permissions: ['fill', 'view_all'] }] }))
        .status,
    ).toBe(200);
    anonymous = new Client(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  const fill = (path: string) =>
    path.replace(/:(\w+)/g, (_, name: string) => {
      if (/^appId$/.test(name)) return hr.appId;
      if (/^formId$/.test(name)) return hr.formId;
      if (/^reportId$/.test(name)) return hr.reportId;
      return hr.submissionId;
    });

  it('classifies every GET route and lets no other tenant’s record or sensitive value out', async () => {
    const gets = routes.filter((r) => r.methods.includes('GET') && r.path.startsWith('/api/'));
    expect(gets.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    const queue = [...gets];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let route = queue.shift(); route; route = queue.shift()) {
          const url = fill(route.path) + `?formId=${hr.formId}&appId=${hr.appId}&event=submission.created`;
          const res = await outsider.get(url);
          const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
          if (res.status >= 200 && res.status < 300 && (text.includes(HKID) || text.includes(hr.submissionId)))
            leaks.push(`${route.path} → ${res.status}`);
          if (!PUBLIC.some((p) => p.test(route.path))) {
            const anon = await anonymous.get(url);
            if (anon.status >= 200 && anon.status < 300) leaks.push(`anonymous ${route.path} → ${anon.status}`);
          }
        }
      }),
    );
    expect(leaks).toEqual([]);
  });
});

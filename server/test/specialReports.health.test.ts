import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, publishedForm, startTestServer, type Client, type TestServer } from './helpers.ts';
import { buildOrg, createPerson, type Org, type Person } from './workflowFixtures.ts';

/**
 * The health declaration report on a day whose answers are known: a period of 5 people asked on
 * 2026-11-20 (Hong Kong), declarations on time, late, with a fever (37.8 and exactly 37.5), with a
 * cough, one person twice, one not asked, one not at all; plus declarations either side of the
 * day's edges in Hong Kong time.
 */
describe.each(DIALECTS)('health declaration report on %s', (dialect) => {
  const DAY = '2026-11-20';
  let server: TestServer;
  let admin: Client;
  let org: Org;
  let formId: string;
  let appId: string;
  let viewer: Person;
  let filler: Person;
  let stranger: Person;

  /** Submits through the API, then dates the submission (the day's story happened in the past). */
  async function declare(person: Person, at: string, temperature: number, symptoms: string[]): Promise<string> {
    const data = { temperature, symptoms, closeContact: false, workLocation: 'office', declaration: true };
    const res = await person.client.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await server.app.db('submissions').where({ id: res.body.id }).update({ created_at: at, updated_at: at });
    return res.body.id;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    org = await buildOrg(server, admin);
    const installed = await admin.post('/api/templates/health-declaration/install');
    expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    appId = installed.body.app.id;
    formId = installed.body.forms[0].id;
    viewer = await createPerson(server, admin, 'HR Viewer');
    filler = await createPerson(server, admin, 'Only Filler');
    stranger = await createPerson(server, admin, 'No Grant');
    const everyone = [org.staff, org.staff2, org.salesLead, org.controller, org.outsider, org.hr, org.ceo, org.financeDirector, filler];
    const grants = [
      ...everyone.map((p) => ({ principal: p.id, permissions: ['fill'] })),
      { principal: viewer.id, permissions: ['view_all', 'export'] },
    ];
    expect((await admin.put(`/api/apps/${appId}/grants`, { grants })).status).toBe(200);

    // 2026-11-20 in Hong Kong is 2026-11-19T16:00Z to 2026-11-20T16:00Z.
    const declared = {
      staff: await declare(org.staff, '2026-11-20T01:30:00.000Z', 36.5, ['none']),
      staff2: await declare(org.staff2, '2026-11-20T02:30:00.000Z', 37.8, ['none']),
      controller: await declare(org.controller, '2026-11-20T01:10:00.000Z', 36.9, ['cough']),
      outsider: await declare(org.outsider, '2026-11-20T01:20:00.000Z', 37.5, ['none']),
      outsiderAgain: await declare(org.outsider, '2026-11-20T01:40:00.000Z', 36.6, ['none']),
      hr: await declare(org.hr, '2026-11-20T15:30:00.000Z', 36.4, ['none']), // 23:30 on the day
    };
    await declare(org.ceo, '2026-11-19T15:59:00.000Z', 36.7, ['none']); // 23:59 the day before
    await declare(org.financeDirector, '2026-11-20T16:10:00.000Z', 38.2, ['fever']); // 00:10 the day after

    // The day's period (the schedule sits turned off, so the ticker leaves it alone) and who it asked.
    const schedule = await admin.put(`/api/forms/${formId}/schedule`, {
      enabled: false,
      frequency: { kind: 'weekdays', time: '09:00' },
      timezone: 'Asia/Hong_Kong',
      audience: { departmentIds: [], positions: [], userIds: [] },
      deadline: '10:00',
      reminders: [],
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
    const periodId = 'period-special-1';
    await server.app.db('schedule_periods').insert({
      id: periodId,
      schedule_id: schedule.body.id,
      form_id: formId,
      key: `${DAY}T0900`,
      opens_at: '2026-11-20T01:00:00.000Z',
      deadline_at: '2026-11-20T02:00:00.000Z',
      reminders_at: '[]',
      next_reminder_at: null,
      created_at: '2026-11-20T01:00:00.000Z',
    });
    const assignment = (id: string, person: Person, submissionId: string | null, late = false) => ({
      id,
      period_id: periodId,
      form_id: formId,
      user_id: person.id,
      status: submissionId ? 'done' : 'open',
      submission_id: submissionId,
      submitted_at: submissionId ? '2026-11-20T01:30:00.000Z' : null,
      late,
    });
    await server.app
      .db('assignments')
      .insert([
        assignment('as-1', org.staff, declared.staff),
        assignment('as-2', org.staff2, declared.staff2, true),
        assignment('as-3', org.salesLead, null),
        assignment('as-4', org.controller, declared.controller),
        assignment('as-5', org.outsider, declared.outsider),
      ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts the day per department, names who needs follow-up and who did not declare, and keeps 30 days of trend', async () => {
    const res = await viewer.client.get(`/api/forms/${formId}/reports/health?date=${DAY}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body;
    expect(report).toMatchObject({ date: DAY, timezone: 'Asia/Hong_Kong', scheduled: true, feverFrom: 37.5 });
    expect(report.totals).toEqual({ expected: 5, declared: 5, notDeclared: 1, late: 1, withSymptoms: 1, fever: 2 });
    const dept = (id: string | null) => report.departments.find((d: any) => d.departmentId === id);
    expect(dept(org.departments.sales)).toMatchObject({ expected: 3, declared: 2, notDeclared: 1, late: 1, withSymptoms: 0, fever: 1 });
    expect(dept(org.departments.sales).name).toMatchObject({ 'zh-Hant': '銷售部' });
    expect(dept(org.departments.finance)).toMatchObject({ expected: 1, declared: 1, notDeclared: 0, late: 0, withSymptoms: 1, fever: 0 });
    // The CEO's declaration was the day before; the HR manager was not asked but declared late in the evening.
    expect(dept(org.departments.acme)).toMatchObject({ expected: 0, declared: 1, notDeclared: 0, late: 0 });
    expect(dept(null)).toMatchObject({ name: null, expected: 1, declared: 1, fever: 1 });
    expect(report.departments.at(-1).departmentId).toBeNull();

    expect(report.notDeclared.map((p: any) => p.name)).toEqual([org.salesLead.name]);
    expect(report.late).toEqual([expect.objectContaining({ userId: org.staff2.id, submittedAt: '2026-11-20T01:30:00.000Z' })]);
    expect(report.followUp.map((f: any) => [f.name, f.temperature, f.fever, f.symptoms])).toEqual([
      [org.staff2.name, 37.8, true, []],
      [org.outsider.name, 37.5, true, []],
      [org.controller.name, 36.9, false, ['cough']],
    ]);
    expect(report.symptomLabels.cough).toEqual({ en: 'Cough', 'zh-Hant': '咳嗽' });

    expect(report.trend).toHaveLength(30);
    expect(report.trend[0].date).toBe('2026-10-22');
    expect(report.trend.at(-1)).toEqual({ date: DAY, expected: 5, declared: 5, late: 1, withSymptoms: 1, fever: 2 });
    expect(report.trend.at(-2)).toEqual({ date: '2026-11-19', expected: 0, declared: 1, late: 0, withSymptoms: 0, fever: 0 });
    const next = (await viewer.client.get(`/api/forms/${formId}/reports/health?date=2026-11-21`)).body;
    expect(next.totals).toMatchObject({ declared: 1, fever: 1, withSymptoms: 1, expected: 0 });
  });

  it('exports the day as CSV (BOM, one row per declaration and per person not declared) and as Excel in Chinese', async () => {
    const download = (format: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/api/forms/${formId}/reports/health/export?date=${DAY}&format=${format}`, {
        headers: { cookie: (viewer.client as any).cookie, ...headers },
      });
    const csv = await download('csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Department,Name,Status,Submitted at,Temperature (°C),Symptoms,Follow up');
    expect(lines).toHaveLength(1 + 6 + 1); // six declarations (one person twice), one not declared
    expect(lines.find((l) => l.includes(org.salesLead.name))).toMatch(/Not declared/);
    expect(lines.find((l) => l.includes(org.controller.name))).toMatch(/36\.9,Cough,Yes$/);

    const xlsx = await download('xlsx', { 'accept-language': 'zh-HK' });
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, '部門', '姓名', '狀態', '提交時間', '體溫 (°C)', '病徵', '需跟進']);
    const staff2Row = sheet.getSheetValues().find((r: any) => Array.isArray(r) && r.includes(org.staff2.name)) as unknown[];
    expect(staff2Row).toContain('逾時申報');
    expect(staff2Row).toContain(37.8);
  });

  it('says there is no "expected" without a schedule', async () => {
    expect((await admin.request('DELETE', `/api/forms/${formId}/schedule`)).status).toBe(204);
    const report = (await admin.get(`/api/forms/${formId}/reports/health?date=${DAY}`)).body;
    expect(report.scheduled).toBe(false);
    expect(report.totals).toEqual({ expected: null, declared: 5, notDeclared: null, late: null, withSymptoms: 1, fever: 2 });
    expect(report.notDeclared).toEqual([]);
    expect(report.trend.at(-1)).toMatchObject({ expected: null, late: null, declared: 5 });
  });

  it('is for people who see all: 403 for a filler, 404 without a grant, 404 report_not_available on another form, 400 on a bad date', async () => {
    expect((await filler.client.get(`/api/forms/${formId}/reports/health`)).status).toBe(403);
    expect((await filler.client.get(`/api/forms/${formId}/reports/health/export`)).status).toBe(403);
    const none = await stranger.client.get(`/api/forms/${formId}/reports/health`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('form_not_found');
    const plain = await publishedForm(admin);
    for (const report of ['health', 'inventory', 'approvals']) {
      const res = await admin.get(`/api/forms/${plain.formId}/reports/${report}`);
      expect(res.status, report).toBe(404);
      expect(res.body.code, report).toBe('report_not_available');
    }
    const bad = await admin.get(`/api/forms/${formId}/reports/health?date=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_date');
    // Today by default.
    expect((await admin.get(`/api/forms/${formId}/reports/health`)).body.trend).toHaveLength(30);
  });
});

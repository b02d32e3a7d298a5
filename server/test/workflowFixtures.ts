/**
 * An org chart and approval-flow forms made through the real HTTP API, for the workflow tests and
 * for other tests (e2e) that need people with managers, heads and positions.
 *
 *   Acme (head: ceo)
 *   ├── Sales (head: salesHead)   staff, staff2 → manager salesLead → salesHead → ceo
 *   └── Finance (head: financeDirector)   financeDirector ("Finance Director"), controller ("Financial Controller")
 *   hr ("HR Manager"), outsider (no place in anything)
 */
import { Client, type TestServer } from './helpers.ts';

export const PASSWORD = 'a-long-password-1';

export interface Person {
  id: string;
  name: string;
  email: string;
  client: Client;
}

export interface Org {
  departments: { acme: string; sales: string; finance: string };
  ceo: Person;
  salesHead: Person;
  salesLead: Person;
  staff: Person;
  staff2: Person;
  hr: Person;
  financeDirector: Person;
  controller: Person;
  outsider: Person;
}

let unique = 0;

/** A user made by the admin (with any of department, manager, positions), signed in on their own client. */
export async function createPerson(
  server: TestServer,
  admin: Client,
  name: string,
  extra: { departmentId?: string; managerId?: string; positions?: string[]; role?: 'admin' | 'builder' | 'member'; locale?: string } = {},
): Promise<Person> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++unique}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const res = await admin.post('/api/users', { email, name, password: PASSWORD, role: 'member', ...extra });
  if (res.status !== 201) throw new Error(`create user ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name, email, client: await new Client(server.url).login(email, PASSWORD) };
}

async function department(admin: Client, en: string, zh: string, parentId?: string): Promise<string> {
  const res = await admin.post('/api/departments', { name: { en: `${en} ${++unique}`, 'zh-Hant': zh }, ...(parentId ? { parentId } : {}) });
  if (res.status !== 201) throw new Error(`create department ${en}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function setHead(admin: Client, departmentId: string, headUserId: string): Promise<void> {
  const res = await admin.request('PATCH', `/api/departments/${departmentId}`, { body: { headUserId } });
  if (res.status !== 200) throw new Error(`set head: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The org chart above, fresh (names are made unique, so it can be built more than once per database). */
export async function buildOrg(server: TestServer, admin: Client): Promise<Org> {
  const acme = await department(admin, 'Acme', '艾克米');
  const sales = await department(admin, 'Sales', '銷售部', acme);
  const finance = await department(admin, 'Finance', '財務部', acme);
  const ceo = await createPerson(server, admin, 'Chan Tai Man', { departmentId: acme });
  const salesHead = await createPerson(server, admin, 'Wong Siu Ming', { departmentId: sales, managerId: ceo.id });
  const salesLead = await createPerson(server, admin, 'Lee Ka Yan', { departmentId: sales, managerId: salesHead.id });
  const staff = await createPerson(server, admin, 'Ho Wing Sze', { departmentId: sales, managerId: salesLead.id });
  const staff2 = await createPerson(server, admin, 'Cheung Chi Keung', { departmentId: sales, managerId: salesLead.id });
  const hr = await createPerson(server, admin, 'Lam Mei Ling', { departmentId: acme, managerId: ceo.id, positions: ['HR Manager'] });
  const financeDirector = await createPerson(server, admin, 'Yeung Hoi Ting', {
    departmentId: finance,
    managerId: ceo.id,
    positions: ['Finance Director'],
  });
  const controller = await createPerson(server, admin, 'Ng Sze Wan', {
    departmentId: finance,
    managerId: financeDirector.id,
    positions: ['Financial Controller'],
  });
  const outsider = await createPerson(server, admin, 'Tsang Outside');
  await setHead(admin, acme, ceo.id);
  await setHead(admin, sales, salesHead.id);
  await setHead(admin, finance, financeDirector.id);
  return { departments: { acme, sales, finance }, ceo, salesHead, salesLead, staff, staff2, hr, financeDirector, controller, outsider };
}

/** Everyone may fill the app's forms (and nothing more), as an office would set up a leave form. */
export async function letEveryoneFill(admin: Client, appId: string): Promise<void> {
  const res = await admin.put(`/api/apps/${appId}/grants`, { grants: [{ principal: '*', permissions: ['fill'] }] });
  if (res.status !== 200) throw new Error(`grants: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Installs a bundled template (its flow published with it) and lets everyone fill it. */
export async function installFlowTemplate(
  admin: Client,
  templateId: 'leave-request' | 'purchase-request',
): Promise<{ appId: string; formId: string }> {
  const res = await admin.post(`/api/templates/${templateId}/install`);
  if (res.status !== 201) throw new Error(`install ${templateId}: ${res.status} ${JSON.stringify(res.body)}`);
  const appId = res.body.app.id as string;
  await letEveryoneFill(admin, appId);
  return { appId, formId: res.body.forms[0].id as string };
}

/** A form with the given flow, published, that everyone may fill. */
export async function flowForm(
  admin: Client,
  schema: object,
  workflow: object,
  uiSchema: object = {},
): Promise<{ appId: string; formId: string }> {
  const app = await admin.post('/api/apps', { name: 'Flows' });
  if (app.status !== 201) throw new Error(`create app: ${app.status} ${JSON.stringify(app.body)}`);
  const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Flow form', schema, uiSchema, workflow });
  if (form.status !== 201) throw new Error(`create form: ${form.status} ${JSON.stringify(form.body)}`);
  const pub = await admin.post(`/api/forms/${form.body.id}/publish`);
  if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
  await letEveryoneFill(admin, app.body.id);
  return { appId: app.body.id, formId: form.body.id };
}

export const leaveData = (days: number) => ({ leaveType: 'annual', startDate: '2026-12-01', endDate: '2026-12-10', days });

/** A purchase whose computed total is `total` (one line of quantity 1). */
export const purchaseData = (total: number) => ({
  department: 'Sales',
  neededBy: '2026-12-31',
  lines: [{ description: 'Laptop', quantity: 1, unitPrice: total }],
  justification: 'The old one broke.',
});

/** Submits as `person`; throws unless stored. */
export async function submit(person: Person, formId: string, data: object): Promise<{ id: string; status: string }> {
  const res = await person.client.post(`/api/forms/${formId}/submissions`, { data });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The person's pending approval task for the submission (undefined when they have none). */
export async function pendingTask(person: Person, submissionId: string): Promise<any> {
  const res = await person.client.get('/api/tasks?status=pending&kind=approve&limit=100');
  if (res.status !== 200) throw new Error(`tasks: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items.find((t: any) => t.submissionId === submissionId);
}

/** Approves the person's pending task on the submission; throws unless 200. */
export async function approve(person: Person, submissionId: string, body: object = {}): Promise<any> {
  const task = await pendingTask(person, submissionId);
  if (!task) throw new Error(`${person.name} has no pending task on ${submissionId}`);
  const res = await person.client.post(`/api/tasks/${task.id}/approve`, body);
  if (res.status !== 200) throw new Error(`approve: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../src/app.ts';
import { configFromEnv, type ServerConfig } from '../src/config.ts';

export type DialectName = 'sqlite' | 'postgres';
/** Every API test runs on both databases. */
export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };
export const PG_ADMIN_URL = process.env.FORMLOOM_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, empty database: a new SQLite file, or a new PostgreSQL database dropped afterwards. */
export async function freshDatabase(dialect: DialectName): Promise<{ databaseUrl: string | null; dataDir: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-test-'));
  if (dialect === 'sqlite') {
    return { databaseUrl: null, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `formloom_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  config: ServerConfig;
  close(): Promise<void>;
}

/** The real server on a loopback port, on a fresh database of the given kind. */
export async function startTestServer(
  dialect: DialectName,
  overrides: Partial<ServerConfig> = {},
  logger: boolean | object = false,
): Promise<TestServer> {
  const db = await freshDatabase(dialect);
  const config: ServerConfig = {
    ...configFromEnv({}),
    databaseUrl: db.databaseUrl,
    dataDir: db.dataDir,
    adminEmail: ADMIN.email,
    adminPassword: ADMIN.password,
    runtimeDist: null,
    builderDist: null,
    ...overrides,
  };
  const { app } = await createServer(config, logger);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    config,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A caller with its own cookie jar and CSRF token, like one browser tab. */
export class Client {
  private cookie = '';
  csrfToken = '';
  bearer = '';

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    url: string,
    opts: { body?: unknown; rawBody?: string; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (opts.csrf !== false && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + url, { method, headers, body });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('formloom_session='));
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(url: string, opts?: Parameters<Client['request']>[2]) => this.request<T>('GET', url, opts);
  post = <T = any>(url: string, body?: unknown, opts?: Parameters<Client['request']>[2]) => this.request<T>('POST', url, { ...opts, body });
  put = <T = any>(url: string, body?: unknown, opts?: Parameters<Client['request']>[2]) => this.request<T>('PUT', url, { ...opts, body });

  async login(email: string, password: string): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    return this;
  }
}

export async function adminClient(server: TestServer): Promise<Client> {
  return new Client(server.url).login(ADMIN.email, ADMIN.password);
}

/** Creates a user through the admin API and returns a signed-in client for them. */
export async function userClient(
  server: TestServer,
  admin: Client,
  role: 'admin' | 'builder' | 'member',
  name: string = role,
): Promise<{ client: Client; user: any }> {
  const email = `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'a-long-password-1';
  const res = await admin.post('/api/users', { email, name, password, role });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client: await new Client(server.url).login(email, password), user: res.body };
}

export const simpleSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  title: 'Equipment check',
  required: ['name', 'qty'],
  properties: {
    name: { type: 'string', title: 'Name', minLength: 1 },
    qty: { type: 'integer', title: 'Quantity', minimum: 0 },
    code: { type: 'string', title: 'Code', pattern: '^[A-Z]{2}-\\d+$' },
    items: {
      type: 'array',
      items: { type: 'object', required: ['qty'], properties: { sku: { type: 'string' }, qty: { type: 'number', exclusiveMinimum: 0 } } },
    },
  },
};

/** An app with one published form, made by the given (builder/admin) client. */
export async function publishedForm(client: Client, schema: object = simpleSchema): Promise<{ appId: string; formId: string }> {
  const app = await client.post('/api/apps', { name: 'Test app' });
  if (app.status !== 201) throw new Error(`create app: ${app.status} ${JSON.stringify(app.body)}`);
  const form = await client.post(`/api/apps/${app.body.id}/forms`, { name: 'Test form', schema });
  if (form.status !== 201) throw new Error(`create form: ${form.status} ${JSON.stringify(form.body)}`);
  const pub = await client.post(`/api/forms/${form.body.id}/publish`);
  if (pub.status !== 201) throw new Error(`publish: ${pub.status} ${JSON.stringify(pub.body)}`);
  return { appId: app.body.id, formId: form.body.id };
}

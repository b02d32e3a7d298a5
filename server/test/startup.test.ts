import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/app.ts';
import { configFromEnv } from '../src/config.ts';
import { templates } from '../src/templates/index.ts';
import { ADMIN, freshDatabase } from './helpers.ts';

/** Several servers sharing one PostgreSQL database start at the same moment (a rolling deploy). */
describe('concurrent start-up on one PostgreSQL database', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('migrates, loads templates and creates the first admin exactly once', async () => {
    const db = await freshDatabase('postgres');
    cleanups.push(db.drop);
    const config = {
      ...configFromEnv({}),
      databaseUrl: db.databaseUrl,
      dataDir: db.dataDir,
      adminEmail: ADMIN.email,
      adminPassword: ADMIN.password,
      runtimeDist: null,
      builderDist: null,
    };
    const servers = await Promise.all([1, 2, 3].map(() => createServer(config)));
    for (const s of servers) cleanups.push(() => s.app.close());
    expect(servers.filter((s) => s.admin.created)).toHaveLength(1);
    const knex = servers[0].app.db;
    expect(Number((await knex('users').count({ n: '*' }).first())!.n)).toBe(1);
    expect(Number((await knex('templates').count({ n: '*' }).first())!.n)).toBe(templates.length);
  });
});

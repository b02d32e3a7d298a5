// The baseline: a bare Fastify route doing one raw INSERT per request into the same kind of
// database (SQLite with the same WAL + synchronous=FULL settings, or PostgreSQL), nothing else.
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { connectDatabase } from '../server/src/db/connect.ts';

const database = connectDatabase({ databaseUrl: process.env.DATABASE_URL || null, dataDir: process.env.FORMLOOM_DATA_DIR! });
const { knex } = database;
await knex.schema.dropTableIfExists('bench_rows');
await knex.schema.createTable('bench_rows', (t) => {
  t.string('id', 64).primary();
  t.text('data').notNullable();
  t.string('created_at', 32).notNullable();
});
const app = Fastify();
app.post('/insert', async (request, reply) => {
  const id = randomUUID();
  await knex('bench_rows').insert({ id, data: JSON.stringify((request.body as any).data), created_at: new Date().toISOString() });
  return reply.status(201).send({ id });
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
console.log('ready');

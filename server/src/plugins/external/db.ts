import fp from 'fastify-plugin';
import type { Knex } from 'knex';
import type { Database, Dialect } from '../../db/connect.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Knex;
    /** Read-only pool for hot-path lookups (the same pool on PostgreSQL). */
    reader: Knex;
    dialect: Dialect;
    database: Database;
  }
}

/** Shares one knex pool; the caller owns migrations so tests and main can order start-up. */
export default fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate('db', database.knex);
    app.decorate('reader', database.reader);
    app.decorate('dialect', database.dialect);
    app.decorate('database', database);
    app.addHook('onClose', async () => {
      await database.close();
    });
  },
  { name: 'db' },
);

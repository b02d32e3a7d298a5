import fp from 'fastify-plugin';
import type { Knex } from 'knex';
import type { Database, Dialect } from '../../db/connect.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Knex;
    dialect: Dialect;
  }
}

/** Shares one knex pool; the caller owns migrations so tests and main can order start-up. */
export default fp<{ database: Database }>(
  async (app, { database }) => {
    app.decorate('db', database.knex);
    app.decorate('dialect', database.dialect);
    app.addHook('onClose', async () => {
      await database.knex.destroy();
    });
  },
  { name: 'db' },
);

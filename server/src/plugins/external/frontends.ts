import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/**
 * Serves the built runtime at / and the designer at /builder/. Unknown non-API paths get the
 * app's index.html so client-side routes survive a reload.
 */
export default fp<{ runtimeDist: string | null; builderDist: string | null }>(
  async (app, opts) => {
    const roots = [
      { prefix: '/builder/', dir: opts.builderDist },
      { prefix: '/', dir: opts.runtimeDist },
    ].filter((r): r is { prefix: string; dir: string } => Boolean(r.dir && fs.existsSync(path.join(r.dir, 'index.html'))));
    roots.forEach((r, i) =>
      app.register(fastifyStatic, {
        root: r.dir,
        prefix: r.prefix,
        decorateReply: i === 0,
        wildcard: true,
        index: ['index.html'],
        cacheControl: false,
      }),
    );
    app.decorate('spaIndexFor', (url: string) => {
      const r = roots.find((x) => url.startsWith(x.prefix) || `${url}/` === x.prefix);
      return r ? path.join(r.dir, 'index.html') : null;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      // Hashed asset names change with content; index.html must always be revalidated.
      if (request.url.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return payload;
    });
  },
  { name: 'frontends' },
);

declare module 'fastify' {
  interface FastifyInstance {
    spaIndexFor(url: string): string | null;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/**
 * What makes the runtime an installable, offline-capable app must never be served stale: the browser
 * checks /sw.js for a new deploy (its precache list names the new build), and the shell and manifest
 * follow it. `service-worker-allowed: /` lets the worker at /sw.js control the whole site explicitly.
 */
const OFFLINE_FILES: Record<string, Record<string, string>> = {
  '/sw.js': { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'service-worker-allowed': '/' },
  '/manifest.webmanifest': { 'content-type': 'application/manifest+json; charset=utf-8', 'cache-control': 'no-cache' },
  '/': { 'cache-control': 'no-cache' },
  '/index.html': { 'cache-control': 'no-cache' },
};

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
      const offlineFile = OFFLINE_FILES[request.url.split('?')[0]];
      if (offlineFile && reply.statusCode === 200) reply.headers(offlineFile);
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

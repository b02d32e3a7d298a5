import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
// The minifier may turn the quotes into backticks.
const MANIFEST_PLACEHOLDER = /(["'`])__FORMLOOM_PRECACHE_MANIFEST__\1/;

/** Every file under `dir`, as site paths (`/icons/icon-192.png`). */
function publicFiles(dir: string, prefix = '/'): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? publicFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * Builds src/offline/sw/sw.ts as /sw.js (a fixed name at the root, so its scope is the whole app) and writes
 * into it the list of files this build produced: the worker precaches exactly the shell and chunks it was
 * built with, lazily loaded pages included. The version is a hash of those (content-hashed) names and of
 * the public files' bytes, so any change to the app changes sw.js and the browser installs the new worker.
 */
function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'formloom-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: path.join(here, 'src/offline/sw/sw.ts'), fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (!worker || worker.type !== 'chunk') throw new Error('sw.js was not built');
      // A classic worker cannot import: a module it shares with the app would be split out and break it.
      if (worker.imports.length || worker.dynamicImports.length)
        throw new Error(`sw.js must not share modules with the app: ${worker.imports}`);
      const built = Object.keys(bundle).filter((name) => name !== 'sw.js' && !name.endsWith('.map'));
      const files = [...new Set(['/index.html', ...built.map((name) => `/${name}`), ...publicFiles(publicDir)])].sort();
      // Built files carry a content hash in their names; public ones (manifest, icons) do not, so their bytes count too.
      const hash = createHash('sha256').update(files.join('\n'));
      for (const file of publicFiles(publicDir)) hash.update(fs.readFileSync(path.join(publicDir, file)));
      const version = hash.digest('hex').slice(0, 16);
      if (!MANIFEST_PLACEHOLDER.test(worker.code)) throw new Error('sw.js lost its precache placeholder');
      worker.code = worker.code.replace(MANIFEST_PLACEHOLDER, () => JSON.stringify(JSON.stringify({ version, files })));
    },
  };
}

// The server serves `dist/` at `/` and answers `/api`; in development Vite proxies `/api` to it.
export default defineConfig({
  base: '/',
  plugins: [react(), serviceWorker()],
  server: {
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // React changes rarely and every page needs it: its own long-cached chunk. rjsf + ajv land in the
        // lazily loaded form pages' chunks, so the sign-in page stays light.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});

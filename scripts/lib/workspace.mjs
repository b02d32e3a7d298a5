// Shared by `npm start`, `npm test` and `npm run bench`: get pnpm, install, build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PNPM_VERSION = '12.21.0';

/** Debian/Ubuntu Node packages ship headers in /usr/include/node: build sqlite3 against them, offline. */
export function buildEnv() {
  const env = { ...process.env };
  if (!env.npm_config_nodedir && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: buildEnv(), ...opts });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && Number(probe.stdout.trim().split('.')[0]) >= 10) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

export function pnpm(args, opts) {
  const [cmd, pre] = pnpmCommand();
  return run(cmd, [...pre, ...args], opts);
}

export function step(title) {
  process.stdout.write(`\n▸ ${title}\n`);
}

export function installAndBuild({ build = true } = {}) {
  step('Installing packages (the first run builds sqlite3, about a minute)');
  if (pnpm(['install', '--frozen-lockfile', '--reporter=append-only']) !== 0) {
    throw new Error('pnpm install failed; see the output above.');
  }
  if (build) {
    step('Building the web apps');
    if (pnpm(['run', 'build']) !== 0) throw new Error('Building the front-ends failed; see the output above.');
  }
}

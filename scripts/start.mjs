// `npm start`: install, build, then serve the whole product (SQLite in ./data unless DATABASE_URL is set).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildEnv, installAndBuild, root, step } from './lib/workspace.mjs';

try {
  installAndBuild();
} catch (err) {
  console.error(`\n${err.message}`);
  process.exit(1);
}
step('Starting the server');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const child = spawn(tsx, ['server/src/main.ts'], { cwd: root, stdio: 'inherit', env: buildEnv() });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

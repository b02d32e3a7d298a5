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
// One process (tsx as a loader, not its CLI wrapper) so signals reach the server itself.
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  cwd: path.join(root, 'server'),
  stdio: 'inherit',
  env: buildEnv(),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

// `npm test`: install, build, run every test (unit, API on SQLite and PostgreSQL, browser), then
// print one closing line `tests: N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { installAndBuild, root, run, step } from './lib/workspace.mjs';

try {
  installAndBuild();
} catch (err) {
  console.error(`\n${err.message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}

step('Type-checking');
const projects = ['schemas', 'server', 'runtime', 'builder', 'e2e', 'bench', 'plugins/api', 'plugins/shopify', 'plugins/quickbooks'].filter(
  (p) => fs.existsSync(path.join(root, p, 'tsconfig.json')),
);
const typecheck = projects.map((p) => run(path.join(root, 'node_modules/.bin/tsc'), ['-p', p, '--noEmit'])).some((s) => s !== 0) ? 1 : 0;

step('Linting');
const lint =
  run(path.join(root, 'node_modules/.bin/eslint'), ['.', '--max-warnings=0']) ||
  run(path.join(root, 'node_modules/.bin/prettier'), ['--check', '--log-level=warn', '.']);

step('Running tests');
const out = path.join(root, '.test-output/vitest.json');
fs.rmSync(out, { force: true });
const extra = process.argv.slice(2);
const status = run(path.join(root, 'node_modules/.bin/vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
if (fs.existsSync(out)) {
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + filesThatFailedToRun(report);
}
if (typecheck !== 0) {
  console.log('\nType-check failed (counted as one failed test).');
  failed += 1;
}
if (lint !== 0) {
  console.log('\nLint or format check failed (counted as one failed test): npm run format fixes most of it.');
  failed += 1;
}
if (status !== 0 && failed === 0) failed = 1; // vitest failed outside any test (config, crash)
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && status === 0 ? 0 : 1);

/** A test file that failed without a failed test (it did not load or crashed) counts once. */
function filesThatFailedToRun(report) {
  return report.testResults.filter((file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed')).length;
}

// `npm run bench`: install if needed, then run the benchmarks in bench/.
import path from 'node:path';
import { installAndBuild, root, run } from './lib/workspace.mjs';

installAndBuild();
let status = 0;
for (const bench of [
  'submissions.ts',
  'designer.ts',
  'import.ts',
  'dataTable.ts',
  'scanToSaved.ts',
  'subtable.ts',
  'approvals.ts',
  'dispatcher.ts',
  'reports.ts',
  'permissions.ts',
]) {
  status ||= run(process.execPath, ['--import', 'tsx', path.join(root, 'bench', bench)], { cwd: path.join(root, 'bench') });
}
process.exit(status);

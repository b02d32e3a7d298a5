// `npm run bench`: install if needed, then run the benchmarks in bench/.
import path from 'node:path';
import { installAndBuild, root, run } from './lib/workspace.mjs';

installAndBuild({ build: false });
process.exit(run(process.execPath, ['--import', 'tsx', path.join(root, 'bench/submissions.ts')], { cwd: path.join(root, 'bench') }));

import { configFromEnv } from './config.ts';
import { createServer } from './app.ts';

const config = configFromEnv();
const { app, admin } = await createServer(config, true);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    process.exit(0);
  });
}

await app.listen({ host: config.host, port: config.port });
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const lines = [
  '',
  `  Formloom is running at http://${shownHost}:${config.port}`,
  `  Database: ${app.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}`,
  admin.generatedPassword
    ? `  Sign in as ${admin.email} with password ${admin.generatedPassword}  (shown once: note it now)`
    : `  Sign in as ${admin.email}${config.adminPassword ? ' with FORMLOOM_ADMIN_PASSWORD' : ' with the password printed on the first start'}`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);

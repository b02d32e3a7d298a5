import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowHostsFromEnv } from './services/outbound/index.ts';

export interface ServerConfig {
  /** `sqlite` file under dataDir unless DATABASE_URL points at PostgreSQL. */
  databaseUrl: string | null;
  dataDir: string;
  host: string;
  port: number;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Directories of the built front-ends; absent in API-only tests. */
  runtimeDist: string | null;
  builderDist: string | null;
  logLevel: string;
  version: string;
  /**
   * Hosts (name, name:port or IP) outbound webhooks and connectors may reach although they resolve to
   * private or loopback addresses (FORMLOOM_WEBHOOK_ALLOW_HOSTS, comma-separated). Empty: none.
   */
  webhookAllowHosts: string[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const productVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.FORMLOOM_DATA_DIR || path.join(repoRoot, 'data')),
    host: env.HOST || '0.0.0.0',
    port: Number(env.PORT || 3000),
    adminEmail: env.FORMLOOM_ADMIN_EMAIL || null,
    adminPassword: env.FORMLOOM_ADMIN_PASSWORD || null,
    // Overridable so a build can be served from elsewhere (parallel test runs building their own).
    runtimeDist: path.resolve(env.FORMLOOM_RUNTIME_DIST || path.join(repoRoot, 'runtime/dist')),
    builderDist: path.resolve(env.FORMLOOM_BUILDER_DIST || path.join(repoRoot, 'builder/dist')),
    logLevel: env.LOG_LEVEL || 'info',
    version: productVersion,
    webhookAllowHosts: allowHostsFromEnv(env),
  };
}

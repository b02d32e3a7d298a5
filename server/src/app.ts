import directoryRoutes from './routes/directory/index.ts';
import notificationRoutes from './routes/notifications/index.ts';
import scheduleRoutes from './routes/schedules/index.ts';
import workflowRoutes from './routes/workflow/index.ts';
import { connectorRoutes } from './routes/connectors/index.ts';
import { zapierRoutes } from './routes/hooks/index.ts';
import { integrationRoutes } from './routes/integrations/index.ts';
import { webhookRoutes } from './routes/webhooks/index.ts';
import { reportsRoutes } from './routes/reports/index.ts';
import { dashboardsRoutes } from './routes/dashboards/index.ts';
import { digestsRoutes } from './routes/digests/index.ts';
import { specialReportsRoutes } from './routes/specialReports/index.ts';
import integrationsPlugin from './plugins/app/integrations.ts';
import reportColumnsPlugin from './plugins/app/reportColumns.ts';
import fs from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { connectDatabase, withStartupLock, type Database } from './db/connect.ts';
import { migrateToLatest } from './migrations/index.ts';
import type { ServerConfig } from './config.ts';
import dbPlugin from './plugins/external/db.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import frontendsPlugin from './plugins/external/frontends.ts';
import errorsPlugin, { toErrorBody } from './plugins/app/errors.ts';
import authPlugin from './plugins/app/auth.ts';
import accessCachePlugin from './plugins/app/accessCache.ts';
import maintenancePlugin from './plugins/app/maintenance.ts';
import { registerJsonParser } from './plugins/app/jsonBody.ts';
import { healthRoutes } from './routes/health/index.ts';
import { authRoutes } from './routes/auth/index.ts';
import { userRoutes } from './routes/users/index.ts';
import { organizationRoutes } from './routes/organization/index.ts';
import { appRoutes } from './routes/apps/index.ts';
import { formRoutes } from './routes/forms/index.ts';
import { submissionRoutes } from './routes/submissions/index.ts';
import { viewRoutes } from './routes/views/index.ts';
import { recordRoutes } from './routes/records/index.ts';
import { stockRoutes } from './routes/stock/index.ts';
import { templateRoutes } from './routes/templates/index.ts';
import { importRoutes } from './routes/imports/index.ts';
import { directorySyncRoutes } from './routes/directorySync/index.ts';
import { ssoRoutes } from './routes/sso/index.ts';
import { securityRoutes } from './routes/security/index.ts';
import { auditRoutes } from './routes/audit/index.ts';
import { signatureRoutes } from './routes/signatures/index.ts';
import { permissionRoutes } from './routes/permissions/index.ts';
import { openapiRoutes } from './routes/openapi/index.ts';
import { fileRoutes } from './routes/files/index.ts';
import { maxUploadBytesFromEnv } from './services/filesStorage.ts';
import { syncBundledTemplates } from './services/templates.ts';
import { ensureFirstAdmin } from './services/users.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Everything the apps load is ours and bundled: no CDN, no inline script, no framing. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // ajv compiles each form's JSON Schema to a function in the browser (new Function), so eval
  // stays allowed; inline and foreign scripts do not.
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'", // rjsf and React set style attributes
  "img-src 'self' data: blob:", // photos and signatures preview as data/blob URLs
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface BuildOptions {
  config: ServerConfig;
  database: Database;
  logger?: boolean | object;
}

export async function buildApp({ config, database, logger = false }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === true ? { level: config.logLevel } : (logger as boolean),
    bodyLimit: BODY_LIMIT_BYTES,
    // Long ids must reach the handlers and get a proper 404, not the router's bare 414.
    routerOptions: { maxParamLength: 1000 },
    // Malformed URLs go through the one error handler like every other error.
    frameworkErrors: (err, request, reply) => {
      const out = toErrorBody(err, request);
      (reply as FastifyReply).status(out.statusCode).type('application/json; charset=utf-8').send(out);
    },
    trustProxy: process.env.FORMLOOM_TRUST_PROXY === '1',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => `req-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonParser(app);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    return payload;
  });

  await app.register(dbPlugin, { database });
  await app.register(errorsPlugin);
  await app.register(swaggerPlugin, { version: config.version });
  await app.register(authPlugin);
  await app.register(accessCachePlugin);
  await app.register(maintenancePlugin);
  await app.register(reportColumnsPlugin);
  await app.register(integrationsPlugin, { dataDir: config.dataDir, allowHosts: config.webhookAllowHosts });
  await app.register(healthRoutes, { version: config.version });
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(organizationRoutes);
  await app.register(appRoutes);
  await app.register(formRoutes);
  await app.register(submissionRoutes);
  await app.register(viewRoutes);
  await app.register(recordRoutes);
  await app.register(stockRoutes);
  await app.register(templateRoutes);
  await app.register(importRoutes);
  await app.register(directoryRoutes);
  await app.register(workflowRoutes);
  await app.register(notificationRoutes);
  await app.register(scheduleRoutes);
  await app.register(webhookRoutes);
  await app.register(zapierRoutes);
  await app.register(integrationRoutes);
  await app.register(connectorRoutes);
  await app.register(reportsRoutes);
  await app.register(dashboardsRoutes);
  await app.register(digestsRoutes);
  await app.register(specialReportsRoutes);
  await app.register(directorySyncRoutes);
  await app.register(ssoRoutes);
  await app.register(securityRoutes);
  await app.register(auditRoutes);
  await app.register(signatureRoutes);
  await app.register(permissionRoutes);
  await app.register(openapiRoutes);
  await app.register(fileRoutes, { dataDir: config.dataDir, maxUploadBytes: maxUploadBytesFromEnv() });
  await app.register(frontendsPlugin, { runtimeDist: config.runtimeDist, builderDist: config.builderDist });

  app.setNotFoundHandler((request, reply) => {
    const index = request.method === 'GET' && !request.url.startsWith('/api/') ? app.spaIndexFor(request.url) : null;
    if (index) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(index));
    return reply
      .status(404)
      .type('application/json; charset=utf-8')
      .send({
        statusCode: 404,
        code: 'route_not_found',
        error: 'Not Found',
        message: `There is no route ${request.method} ${request.url.split('?')[0]}.`,
        requestId: request.id,
      });
  });
  return app;
}

export interface StartedServer {
  app: FastifyInstance;
  database: Database;
  admin: { email: string; generatedPassword: string | null; created: boolean };
}

/** Connects, migrates, loads the bundled templates and makes sure an admin exists. */
export async function createServer(config: ServerConfig, logger: boolean | object = false): Promise<StartedServer> {
  const database = connectDatabase(config);
  const admin = await withStartupLock(database, async () => {
    await migrateToLatest(database.knex);
    await syncBundledTemplates(database.knex);
    return ensureFirstAdmin(database.knex, { email: config.adminEmail, password: config.adminPassword });
  });
  const app = await buildApp({ config, database, logger });
  return { app, database, admin };
}

import fp from 'fastify-plugin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DirectorySettings,
  DirectorySettingsBody,
  DirectorySyncPreview,
  DirectorySyncResult,
  DirectorySyncRun,
  DirectoryTestResult,
} from '@formloom/schemas';
import { currentUser } from '../../plugins/app/auth.ts';
import { requireRole } from '../../services/access.ts';
import { recordAudit } from '../../services/audit/record.ts';
import { testConnection } from '../../services/directorySync/connectionTest.ts';
import { readStored, saveSettings, toPublic } from '../../services/directorySync/settings.ts';
import {
  createDirectorySyncTimer,
  directoryTickFromEnv,
  listRuns,
  previewSync,
  runSync,
  type DirectorySyncTimer,
} from '../../services/directorySync/sync.ts';
import { errors } from '../common.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The scheduled directory sync; tests call `runOnce(now)`. */
    directorySync: DirectorySyncTimer;
  }
}

const tags = ['directory-sync'];
const SettingsOrNull = z.object({ settings: DirectorySettings.nullable() });

/** LDAP / Active Directory: settings, connection test, dry run, manual run, history, and the scheduled sync. Admins only. */
const directorySyncPlugin: FastifyPluginAsyncZod = async (app) => {
  const timer = createDirectorySyncTimer(app.db, app.secretBox, directoryTickFromEnv(), app.log);
  app.decorate('directorySync', timer);
  app.addHook('onReady', async () => timer.start());
  app.addHook('onClose', async () => timer.stop());

  app.get(
    '/api/directory-sync/settings',
    {
      schema: {
        tags,
        summary: 'The directory connection settings (null before the first save); the bind password is never returned',
        response: { 200: SettingsOrNull, ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'see the directory settings');
      return { settings: toPublic(await readStored(app.db)) };
    },
  );

  app.put(
    '/api/directory-sync/settings',
    {
      schema: {
        tags,
        summary: 'Save the directory settings; without bindPassword the stored password stays ("" removes it)',
        body: DirectorySettingsBody,
        response: { 200: SettingsOrNull, ...errors(403) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      requireRole(user, ['admin'], 'change the directory settings');
      const stored = await app.db.transaction(async (trx) => {
        const saved = await saveSettings(trx, app.secretBox, request.body, user.id);
        await recordAudit(trx, {
          action: 'directory.settings_changed',
          actorId: user.id,
          targetType: 'settings',
          targetId: 'directory',
          ip: request.ip,
          details: { changed: saved.changed, bindPasswordChanged: saved.passwordChanged },
        });
        return saved.stored;
      });
      return { settings: toPublic(stored) };
    },
  );

  app.post(
    '/api/directory-sync/test',
    {
      schema: {
        tags,
        summary: 'Connect, bind and count the people the filter matches — with the settings in the body (unsaved) or the saved ones',
        description:
          'Always 200 with ok and an outcome: ok, unreachable, bad_credentials, bad_base_dn, bad_filter, tls_error or failed. ' +
          'A body without bindPassword uses the stored password.',
        body: DirectorySettingsBody.nullish(),
        response: { 200: DirectoryTestResult, ...errors(403, 422) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'test the directory connection');
      const stored = await readStored(app.db);
      return testConnection(app.secretBox, request.body ?? null, stored);
    },
  );

  app.post(
    '/api/directory-sync/preview',
    {
      schema: {
        tags,
        summary:
          'Dry run: what a sync would create, update, deactivate and reactivate, which departments and managers it would set; writes nothing',
        description:
          '422 directory_not_configured, directory_bad_credentials, directory_bad_base_dn, directory_bad_filter, directory_empty; 503 directory_unavailable.',
        response: { 200: DirectorySyncPreview, ...errors(403, 422, 503) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'preview a directory sync');
      return previewSync(app.db, app.secretBox);
    },
  );

  app.post(
    '/api/directory-sync/run',
    {
      schema: {
        tags,
        summary: 'Sync now: every change in one transaction (all or nothing); answers the run and what it changed',
        description: 'Errors as for the preview; a failed run is kept in the history with its error.',
        response: { 200: DirectorySyncResult, ...errors(403, 422, 503) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      requireRole(user, ['admin'], 'run a directory sync');
      const result = await runSync(app.db, app.secretBox, { trigger: 'manual', actorId: user.id });
      return result!;
    },
  );

  app.get(
    '/api/directory-sync/runs',
    {
      schema: {
        tags,
        summary: 'The latest 50 sync runs, newest first (manual and scheduled, with counts or the error)',
        response: { 200: z.object({ items: z.array(DirectorySyncRun) }), ...errors(403) },
      },
    },
    async (request) => {
      requireRole(currentUser(request), ['admin'], 'see the directory sync history');
      return { items: await listRuns(app.db) };
    },
  );
};

/** Wrapped so `app.directorySync` (the timer) is visible outside the plugin (tests tick it). */
export const directorySyncRoutes = fp(directorySyncPlugin, { name: 'directory-sync-routes', dependencies: ['db', 'integrations'] });

import type { ApiClient } from '../api/client.ts';

const CONCURRENCY = 4;

/**
 * Fetches, after sign-in, every page the person needs to reach and fill their forms offline: the app list,
 * each app they may fill in, its forms, and each published form. The service worker keeps the answers
 * (network first), so this is all it takes to have them cached. Failures are ignored: it is a head start.
 */
export async function prefetchForms(api: ApiClient, isCancelled: () => boolean): Promise<number> {
  const apps = (await api.listApps()).filter((app) => app.permissions.canFill);
  const formIds: string[] = [];
  await each(
    apps,
    async (app) => {
      const [, forms] = await Promise.all([api.getApp(app.id), api.listForms(app.id)]);
      formIds.push(...forms.filter((f) => f.published).map((f) => f.id));
    },
    isCancelled,
  );
  await each(formIds, (id) => api.getForm(id), isCancelled);
  return formIds.length;
}

async function each<T>(items: T[], run: (item: T) => Promise<unknown>, isCancelled: () => boolean): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !isCancelled()) {
      const item = items[next++];
      await run(item).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

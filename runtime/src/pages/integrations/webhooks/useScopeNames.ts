import { useApi } from '../../../api/ApiContext.tsx';
import type { WebhookSubscription } from '../../../api/webhooks.ts';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { formTitle } from '../../formTitle.ts';

/** Names of the apps and forms the listed webhooks are scoped to (apps in one call, each distinct form once). */
export function useScopeNames(webhooks: WebhookSubscription[]): {
  app: (id: string) => string | undefined;
  form: (id: string) => string | undefined;
} {
  const api = useApi();
  const { locale } = useLocale();
  const formIds = [...new Set(webhooks.map((w) => w.formId).filter((id): id is string => !!id))].sort();
  const names = useAsync(async () => {
    const [apps, forms] = await Promise.all([
      api.listApps(),
      Promise.all(formIds.map((id) => api.getForm(id).catch(() => null))), // a form since deleted or not ours: no name
    ]);
    return {
      apps: new Map(apps.map((a) => [a.id, a.name])),
      forms: new Map(forms.filter((f) => f !== null).map((f) => [f.id, formTitle(f, locale)])),
    };
  }, [api, locale, formIds.join(',')]);
  const ok = names.status === 'ok' ? names.data : null;
  return { app: (id) => ok?.apps.get(id), form: (id) => ok?.forms.get(id) };
}

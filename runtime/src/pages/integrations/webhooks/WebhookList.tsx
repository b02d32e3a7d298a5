import { useTranslation } from 'react-i18next';
import type { WebhookSubscription } from '../../../api/webhooks.ts';
import { Link } from '../../../router/Router.tsx';
import { patternLabelKey } from './eventFamilies.ts';
import { useScopeNames } from './useScopeNames.ts';
import { WebhookStateBadge } from './WebhookBadges.tsx';

const EVENTS_SHOWN = 3;

/** The webhooks as a table on a desk and as cards under 640 px (each cell labelled by its column). */
export function WebhookList({ webhooks }: { webhooks: WebhookSubscription[] }) {
  const { t } = useTranslation();
  const names = useScopeNames(webhooks);
  const scopeText = (w: WebhookSubscription) => {
    if (w.formId) return t('webhooks.scope.form', { name: names.form(w.formId) ?? '…' });
    if (w.appId) return t('webhooks.scope.app', { name: names.app(w.appId) ?? '…' });
    return t('webhooks.scope.everything');
  };
  return (
    <table className="fl-int-table fl-card">
      <thead>
        <tr>
          <th scope="col">{t('webhooks.list.url')}</th>
          <th scope="col">{t('webhooks.list.events')}</th>
          <th scope="col">{t('webhooks.list.scopeColumn')}</th>
          <th scope="col">{t('webhooks.list.status')}</th>
          <th scope="col">{t('webhooks.list.last24h')}</th>
        </tr>
      </thead>
      <tbody>
        {webhooks.map((w) => (
          <tr key={w.id} data-webhook={w.id}>
            <td className="fl-int-table__main">
              <Link to={`/integrations/webhooks/${w.id}`} className="fl-int-url" aria-label={t('webhooks.list.open', { url: w.url })}>
                {w.url}
              </Link>
              {w.description && <span className="fl-int-muted">{w.description}</span>}
            </td>
            <td data-label={t('webhooks.list.events')}>
              <span className="fl-int-chips">
                {w.events.slice(0, EVENTS_SHOWN).map((e) => (
                  <span key={e} className="fl-int-chip" title={e}>
                    {t(patternLabelKey(e), { defaultValue: e })}
                  </span>
                ))}
                {w.events.length > EVENTS_SHOWN && (
                  <span className="fl-int-chip fl-int-chip--more">
                    {t('webhooks.list.moreEvents', { count: w.events.length - EVENTS_SHOWN })}
                  </span>
                )}
              </span>
            </td>
            <td data-label={t('webhooks.list.scopeColumn')}>{scopeText(w)}</td>
            <td data-label={t('webhooks.list.status')}>
              <WebhookStateBadge webhook={w} />
            </td>
            <td data-label={t('webhooks.list.last24h')}>
              <span className="fl-int-stats">
                <span>{t('webhooks.list.stats', { succeeded: w.stats.succeeded, failed: w.stats.failed })}</span>
                {w.stats.pending > 0 && <span className="fl-int-muted">{t('webhooks.list.statsPending', { count: w.stats.pending })}</span>}
                {w.stats.dead > 0 && <span className="fl-int-bad">{t('webhooks.list.statsDead', { count: w.stats.dead })}</span>}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

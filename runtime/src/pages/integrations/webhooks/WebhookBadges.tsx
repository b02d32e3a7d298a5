import { useTranslation } from 'react-i18next';
import type { DeliveryStatus, WebhookSubscription } from '../../../api/webhooks.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { dateTimeFormat } from '../../submissionColumns.ts';

/** On, or off and why: turned off by a person, gone (410 from the receiver), failing for days (with since when). */
export function WebhookStateBadge({ webhook }: { webhook: Pick<WebhookSubscription, 'enabled' | 'disabledReason' | 'failingSince'> }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const failingSince = webhook.failingSince
    ? t('webhooks.state.failingSince', { time: dateTimeFormat(locale)(webhook.failingSince) })
    : null;
  if (webhook.enabled) {
    return (
      <span className="fl-int-badges">
        <span className="fl-badge fl-badge--ok" data-state="enabled">
          {t('webhooks.state.enabled')}
        </span>
        {failingSince && <span className="fl-badge fl-int-badge--bad">{failingSince}</span>}
      </span>
    );
  }
  const reason = webhook.disabledReason ?? 'manual';
  return (
    <span className="fl-int-badges">
      <span className={`fl-badge ${reason === 'manual' ? '' : 'fl-int-badge--bad'}`} data-state={reason}>
        {t(`webhooks.state.${reason}`)}
      </span>
      {failingSince && <span className="fl-badge fl-int-badge--bad">{failingSince}</span>}
    </span>
  );
}

const TONE: Record<DeliveryStatus, string> = {
  pending: 'fl-int-badge--wait',
  delivering: 'fl-int-badge--wait',
  succeeded: 'fl-badge--ok',
  failed: 'fl-int-badge--warn',
  dead: 'fl-int-badge--bad',
};

/** A delivery's status in words and a colour that repeats them. */
export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`fl-badge ${TONE[status]}`} data-status={status}>
      {t(`webhooks.log.statuses.${status}`)}
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from '../../router/Router.tsx';
import type { MovementKind } from './ledger.ts';

export type Notice =
  | { tone: 'ok'; text: string }
  | { tone: 'error'; text: string; retry?: () => void }
  /** Kept in the outbox, to be sent when the connection returns. */
  | { tone: 'kept'; text: string; entryId: string }
  /** `offline`: only the item list on this phone was searched, and no item can be created without the server. */
  | { tone: 'unknown'; code: string; offline?: boolean }
  | { tone: 'busy'; text: string };

/** Where a movement kept on the phone is now: still waiting, sent since, or refused by the server when sent. */
export type KeptState = 'waiting' | 'sent' | 'refused';

/**
 * What the last scan came to: saved, kept on the phone (with how many wait), refused (in words, with a retry
 * when the answer was lost), or an unknown code.
 */
export function ScanNotice({
  notice,
  kept,
  waiting,
  onCreate,
  onDismiss,
}: {
  notice: Notice | null;
  /** For a kept movement: where it is now (the notice follows the outbox). */
  kept?: KeptState;
  /** Movements and other submissions waiting in this phone's outbox. */
  waiting: number;
  onCreate: (code: string) => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" className="fl-stock__notice" data-state={notice?.tone ?? 'idle'}>
      {notice?.tone === 'ok' && <p className="fl-alert fl-stock__ok">{notice.text}</p>}
      {notice?.tone === 'kept' && (
        <div className={`fl-alert fl-stock__kept fl-stock__kept--${kept ?? 'waiting'}`}>
          <p className="fl-stock__kept-title">{t(`stock.scan.keptTitle.${kept ?? 'waiting'}`)}</p>
          <p>{notice.text}</p>
          {(kept === 'refused' || waiting > 0) && (
            <p>
              {waiting > 0 && t('stock.scan.keptWaiting', { count: waiting })} <Link to="/outbox">{t('offline.seeWaiting')}</Link>
            </p>
          )}
        </div>
      )}
      {notice?.tone === 'busy' && <p className="fl-alert fl-alert--info">{notice.text}</p>}
      {notice?.tone === 'error' && (
        <div className="fl-alert fl-alert--error" role="alert">
          <p>{notice.text}</p>
          {notice.retry && (
            <button type="button" className="fl-btn fl-btn--secondary" onClick={notice.retry}>
              {t('common.retry')}
            </button>
          )}
        </div>
      )}
      {notice?.tone === 'unknown' && notice.offline && (
        <div className="fl-alert fl-alert--warning">
          <p>{t('stock.scan.unknownOffline', { code: notice.code })}</p>
          <div className="fl-stock__actions">
            <button type="button" className="fl-btn fl-btn--secondary fl-stock__big" onClick={onDismiss}>
              {t('stock.scan.dismiss')}
            </button>
          </div>
        </div>
      )}
      {notice?.tone === 'unknown' && !notice.offline && (
        <div className="fl-alert fl-alert--warning">
          <p>{t('stock.scan.unknown', { code: notice.code })}</p>
          <div className="fl-stock__actions">
            <button type="button" className="fl-btn fl-btn--primary fl-stock__big" onClick={() => onCreate(notice.code)}>
              {t('stock.scan.createItem')}
            </button>
            <button type="button" className="fl-btn fl-btn--secondary fl-stock__big" onClick={onDismiss}>
              {t('stock.scan.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The movement types as four big buttons (two by two on a phone), one of them chosen. */
export function MovementKinds({
  kinds,
  value,
  onChange,
}: {
  kinds: MovementKind[];
  value: MovementKind;
  onChange: (kind: MovementKind) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="fl-stock__kinds" role="radiogroup" aria-label={t('stock.scan.movement')}>
      {kinds.map((k) => (
        <button
          key={k}
          type="button"
          role="radio"
          aria-checked={value === k}
          className={`fl-stock__kind fl-stock__kind--${k}`}
          onClick={() => onChange(k)}
        >
          <span aria-hidden="true" className="fl-stock__kind-mark">
            {k === 'receive' ? '＋' : k === 'issue' ? '－' : k === 'transfer' ? '⇄' : '#'}
          </span>
          {t(`stock.kind.${k}`)}
        </button>
      ))}
    </div>
  );
}

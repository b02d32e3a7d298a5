import { useEffect, useId, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../api/notifications.ts';
import { dateTime } from './format.ts';
import './notifications.css';

export interface UrgentDialogProps {
  notification: Notification;
  /** Other urgent reminders waiting behind this one. */
  waiting: number;
  onAcknowledge(id: string): Promise<void>;
  /** Go to the reminder's link after acknowledging it. */
  onOpen(link: string): void;
}

/** Everything on the page but the dialog is inert while it is open: no clicks, no focus, hidden from screen readers. */
function useInertBackground(container: HTMLElement) {
  useEffect(() => {
    const others = [...document.body.children].filter((el) => el !== container && !el.hasAttribute('inert')) as HTMLElement[];
    others.forEach((el) => el.setAttribute('inert', ''));
    return () => others.forEach((el) => el.removeAttribute('inert'));
  }, [container]);
}

/**
 * An urgent reminder (DING): a modal that stays until the person acknowledges it. Escape does not close
 * it and the page behind cannot be used, because the sender is waiting to see "acknowledged".
 */
export function UrgentDialog({ notification, waiting, onAcknowledge, onOpen }: UrgentDialogProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const [container] = useState(() => {
    const el = document.createElement('div');
    el.className = 'fl-urgent-layer';
    return el;
  });
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const gotItRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.body.appendChild(container);
    return () => container.remove();
  }, [container]);
  useInertBackground(container);
  useEffect(() => {
    gotItRef.current?.focus();
    setFailed(false);
  }, [notification.id]);

  const acknowledge = async (thenOpen: boolean) => {
    setBusy(true);
    setFailed(false);
    try {
      await onAcknowledge(notification.id);
      if (thenOpen && notification.link) onOpen(notification.link);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  // Tab stays inside the dialog; Escape is swallowed (the reminder must be acknowledged).
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      return;
    }
    if (e.key !== 'Tab') return;
    const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled), a[href]') ?? [])];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const sender = notification.sender?.name ?? t('notifications.someone');
  return createPortal(
    <div className="fl-urgent__backdrop">
      <div
        ref={dialogRef}
        className="fl-urgent"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
        data-testid="urgent-dialog"
      >
        <div className="fl-urgent__icon" aria-hidden="true">
          <BellIcon size={28} />
        </div>
        <h2 id={titleId} className="fl-urgent__title">
          {t('notifications.urgent.title')}
        </h2>
        <p className="fl-urgent__from">
          {t('notifications.urgent.from', { name: sender })} ·{' '}
          <time dateTime={notification.createdAt}>{dateTime(notification.createdAt, i18n.language)}</time>
        </p>
        <p id={bodyId} className="fl-urgent__message">
          {notification.body}
        </p>
        {waiting > 0 && <p className="fl-urgent__waiting">{t('notifications.urgent.waiting', { count: waiting })}</p>}
        {failed && (
          <p className="fl-alert fl-alert--error" role="alert">
            {t('notifications.urgent.failed')}
          </p>
        )}
        <div className="fl-urgent__actions">
          {notification.link && (
            <button type="button" className="fl-btn fl-btn--secondary" disabled={busy} onClick={() => void acknowledge(true)}>
              {t('notifications.urgent.gotItOpen')}
            </button>
          )}
          <button ref={gotItRef} type="button" className="fl-btn fl-btn--primary" disabled={busy} onClick={() => void acknowledge(false)}>
            {busy ? t('notifications.urgent.acknowledging') : t('notifications.urgent.gotIt')}
          </button>
        </div>
      </div>
    </div>,
    container,
  );
}

export function BellIcon({ size = 20 }: { size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.5A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Z M9.5 19a2.5 2.5 0 0 0 5 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

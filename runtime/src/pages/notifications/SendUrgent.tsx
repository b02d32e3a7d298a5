import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { directoryApiOf } from '../../api/directory.ts';
import { ApiError, NetworkError } from '../../api/errors.ts';
import type { SentUrgent } from '../../api/notifications.ts';
import { useNotificationsApi } from './useNotificationsApi.ts';
import './notifications.css';

/** The server's limit on an urgent reminder's message. */
export const URGENT_MESSAGE_MAX = 500;

export interface SendUrgentProps {
  /** Who gets the reminder. */
  userIds: string[];
  /** The submission it is about; needed unless the sender is an admin. */
  submissionId?: string;
  onClose(): void;
  /** Called after the reminder went out (the dialog then shows a confirmation until closed). */
  onSent?(sent: SentUrgent): void;
}

/** Server refusals in words a person can act on; anything else reads as a generic failure. */
const KNOWN_ERRORS = ['recipient_not_involved', 'urgent_needs_submission', 'unknown_user', 'recipient_is_sender', 'submission_not_found'];

function problemKey(err: unknown): string {
  if (err instanceof NetworkError) return 'notifications.send.errors.network';
  if (err instanceof ApiError && KNOWN_ERRORS.includes(err.code)) return `notifications.send.errors.${err.code}`;
  return 'notifications.send.errors.generic';
}

/**
 * "Send urgent reminder": a message (1–500 characters) to the given people, who must acknowledge it.
 * A modal dialog; Escape or Cancel closes it without sending.
 */
export function SendUrgent({ userIds, submissionId, onClose, onSent }: SendUrgentProps) {
  const { t } = useTranslation();
  const client = useApi();
  const api = useNotificationsApi();
  const directory = useMemo(() => {
    try {
      return directoryApiOf(client);
    } catch {
      return null; // a client without request(): names are not shown, the count is
    }
  }, [client]);
  const titleId = useId();
  const messageId = useId();
  const hintId = useId();
  const [names, setNames] = useState<string[] | null>(null);
  const [message, setMessage] = useState('');
  const [stage, setStage] = useState<'editing' | 'sending' | 'sent'>('editing');
  const [problem, setProblem] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const idsKey = userIds.join(',');

  useEffect(() => {
    let live = true;
    directory
      ?.usersById(idsKey.split(','))
      .then((found) => live && setNames(idsKey.split(',').flatMap((id) => found.get(id)?.name ?? [])))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [directory, idsKey]);
  useEffect(() => textRef.current?.focus(), []);
  useEffect(() => {
    if (stage === 'sent') doneRef.current?.focus();
  }, [stage]);

  const trimmed = message.trim();
  const tooLong = trimmed.length > URGENT_MESSAGE_MAX;
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!api || stage !== 'editing') return;
    if (!trimmed) {
      setProblem(t('notifications.send.errors.empty'));
      textRef.current?.focus();
      return;
    }
    if (tooLong) return;
    setStage('sending');
    setProblem(null);
    try {
      const sent = await api.sendUrgent({ userIds, message: trimmed, ...(submissionId ? { submissionId } : {}) });
      setStage('sent');
      onSent?.(sent);
    } catch (err) {
      setStage('editing');
      setProblem(t(problemKey(err)));
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (stage !== 'sending') onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const focusable = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled), textarea') ?? [])];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  const recipients = names && names.length > 0 ? names.join(', ') : t('notifications.send.people', { count: userIds.length });
  return createPortal(
    <div className="fl-urgent__backdrop" onClick={(e) => e.target === e.currentTarget && stage !== 'sending' && onClose()}>
      <div
        ref={dialogRef}
        className="fl-urgent fl-send"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
        data-testid="send-urgent"
      >
        <h2 id={titleId} className="fl-urgent__title">
          {t('notifications.send.title')}
        </h2>
        {stage === 'sent' ? (
          <>
            <p className="fl-alert fl-alert--success fl-send__done" role="status">
              {t('notifications.send.sent', { recipients })}
            </p>
            <div className="fl-urgent__actions">
              <button ref={doneRef} type="button" className="fl-btn fl-btn--primary" onClick={onClose}>
                {t('notifications.send.close')}
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={(e) => void send(e)} noValidate>
            <p className="fl-send__to">
              <span className="fl-send__to-label">{t('notifications.send.to')}</span> {recipients}
            </p>
            <label htmlFor={messageId} className="fl-send__label">
              {t('notifications.send.message')}
            </label>
            <textarea
              ref={textRef}
              id={messageId}
              className="fl-send__text"
              rows={4}
              value={message}
              onChange={(e) => {
                setMessage(e.target.value);
                if (problem) setProblem(null);
              }}
              aria-describedby={hintId}
              aria-invalid={tooLong || undefined}
              maxLength={URGENT_MESSAGE_MAX + 100}
              placeholder={t('notifications.send.placeholder')}
            />
            <p id={hintId} className={`fl-send__hint${tooLong ? ' fl-send__hint--bad' : ''}`}>
              <span>{t('notifications.send.hint')}</span>
              <span className="fl-send__count">{t('notifications.send.count', { count: trimmed.length, max: URGENT_MESSAGE_MAX })}</span>
            </p>
            {problem && (
              <p className="fl-alert fl-alert--error" role="alert">
                {problem}
              </p>
            )}
            <div className="fl-urgent__actions">
              <button type="button" className="fl-btn fl-btn--secondary" onClick={onClose} disabled={stage === 'sending'}>
                {t('notifications.send.cancel')}
              </button>
              <button type="submit" className="fl-btn fl-btn--primary fl-send__submit" disabled={stage === 'sending' || tooLong}>
                {stage === 'sending' ? t('notifications.send.sending') : t('notifications.send.send')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>,
    document.body,
  );
}

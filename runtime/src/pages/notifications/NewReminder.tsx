import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPicker } from '../../components/pickers/UserPicker.tsx';
import { usePersonNames } from '../../form/person/usePersonNames.ts';
import { SendUrgent } from './SendUrgent.tsx';

/**
 * An admin's urgent reminder to anyone: pick people, then write the message. (Everyone else sends
 * reminders from a request they take part in, where the people are known.)
 */
export function NewReminder({ onSent }: { onSent(): void }) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const [people, setPeople] = useState<string[]>([]);
  const [writing, setWriting] = useState(false);
  const [sent, setSent] = useState(false);
  const found = usePersonNames(people);
  const names = new Map(people.map((id) => [id, found.get(id)?.name]));

  if (!picking) {
    return (
      <div className="fl-new-reminder__start">
        <button type="button" className="fl-btn fl-btn--primary" onClick={() => setPicking(true)}>
          {t('notifications.compose.start')}
        </button>
      </div>
    );
  }
  const close = () => {
    setPicking(false);
    setWriting(false);
    setSent(false);
    setPeople([]);
  };
  return (
    <section className="fl-card fl-new-reminder" aria-label={t('notifications.compose.title')}>
      <UserPicker
        label={t('notifications.compose.pick')}
        value={null}
        excludeIds={people}
        onChange={(id) => id && setPeople((list) => (list.includes(id) ? list : [...list, id]))}
      />
      {people.length > 0 && (
        <ul className="fl-new-reminder__people" aria-label={t('notifications.sent.recipients')}>
          {people.map((id) => (
            <li key={id} className="fl-new-reminder__person">
              <span>{names.get(id) ?? '…'}</span>
              <button
                type="button"
                className="fl-new-reminder__remove"
                aria-label={t('notifications.compose.remove', { name: names.get(id) ?? '' })}
                onClick={() => setPeople((list) => list.filter((p) => p !== id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="fl-new-reminder__actions">
        <button type="button" className="fl-btn fl-btn--secondary" onClick={close}>
          {t('notifications.send.cancel')}
        </button>
        <button type="button" className="fl-btn fl-btn--primary" disabled={people.length === 0} onClick={() => setWriting(true)}>
          {t('notifications.compose.next')}
        </button>
      </div>
      {writing && (
        <SendUrgent
          userIds={people}
          onSent={() => {
            setSent(true);
            onSent();
          }}
          // Cancelled: back to the people picked; sent: done.
          onClose={() => (sent ? close() : setWriting(false))}
        />
      )}
    </section>
  );
}

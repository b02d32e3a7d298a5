import type { Digest, DigestBody } from '@formloom/schemas';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { intlLocale } from '../../submissionColumns.ts';
import { problemText } from '../builder/problems.ts';
import { useReportLibrary } from '../builder/useReportLibrary.ts';
import { DigestEditor, entriesOf, newDigest } from './DigestEditor.tsx';
import './digests.css';

type Editing = { digest: Digest | null } | null;

/** Only what the API takes back (its body is strict: no id, next runs or last run). */
const bodyOf = ({ target, enabled, frequency, timezone, recipients }: Digest): DigestBody => ({
  target,
  enabled,
  frequency,
  timezone,
  recipients,
});

/** The scheduled emails of a dashboard or saved report: each one's schedule, next sends and last run; add, edit, test, delete. */
export function DigestsPanel({ target, onClose }: { target: DigestBody['target']; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const library = useReportLibrary();
  const query = target.kind === 'dashboard' ? { dashboardId: target.dashboardId } : { reportId: target.reportId };
  const list = useAsync(() => library.listDigests(query), [library, JSON.stringify(query)]);
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const when = useMemo(
    () =>
      new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
    [locale],
  );

  const act = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ ok: true, text });
    } catch (err) {
      setMessage({ ok: false, text: problemText(err, t) });
    } finally {
      setBusy(false);
    }
  };

  const save = (body: DigestBody) =>
    act(async () => {
      if (editing?.digest) await library.updateDigest(editing.digest.id, body);
      else await library.createDigest(body);
      setEditing(null);
      list.reload();
      return t('digests.saved');
    });

  const frequencyText = (d: Digest) => {
    const time = d.frequency.time ?? '';
    if (d.frequency.kind === 'weekly') {
      const days = (d.frequency.weekdays ?? []).map((n) => t(`digests.day.${n}`)).join(t('digests.listSeparator'));
      return t('digests.summary.weekly', { days, time });
    }
    if (d.frequency.kind === 'cron') return t('digests.summary.cron', { cron: d.frequency.cron ?? '' });
    return t(`digests.summary.${d.frequency.kind}`, { time });
  };

  return (
    <section className="fl-card fl-rb-dialog fl-digests" aria-label={t('digests.title')}>
      <div className="fl-digests__head">
        <h2>{t('digests.title')}</h2>
        <button type="button" className="fl-btn fl-btn--ghost" onClick={onClose}>
          {t('digests.close')}
        </button>
      </div>
      <p className="fl-rb-hint">{t('digests.intro')}</p>
      {message && (
        <p className={`fl-alert ${message.ok ? 'fl-alert--info' : 'fl-alert--error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <>
          {list.data.length === 0 && !editing && <p>{t('digests.none')}</p>}
          <ul className="fl-digests__list">
            {list.data.map((d) =>
              editing?.digest?.id === d.id ? (
                <li key={d.id}>
                  <DigestEditor initial={bodyOf(d)} busy={busy} onSave={(b) => void save(b)} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <li key={d.id} className="fl-digests__item" data-digest={d.id}>
                  <div>
                    <strong>{frequencyText(d)}</strong> · {d.timezone}
                    {!d.enabled && <span className="fl-badge"> {t('digests.off')}</span>}
                  </div>
                  <div className="fl-rb-hint">
                    {t('digests.recipients', { count: entriesOf(d.recipients).length })}
                    {d.nextRuns[0] && <> · {t('digests.next', { at: when.format(new Date(d.nextRuns[0])) })}</>}
                    {d.lastRun && (
                      <>
                        {' '}
                        · {t(`digests.last.${d.lastRun.status}`, { at: when.format(new Date(d.lastRun.at)), count: d.lastRun.recipients })}
                      </>
                    )}
                  </div>
                  <div className="fl-digests__actions">
                    <button type="button" className="fl-btn fl-btn--ghost" disabled={busy} onClick={() => setEditing({ digest: d })}>
                      {t('digests.edit')}
                    </button>
                    <button
                      type="button"
                      className="fl-btn fl-btn--ghost"
                      disabled={busy}
                      onClick={() => void act(async () => t('digests.testSent', { email: (await library.sendTestDigest(d.id)).sentTo }))}
                    >
                      {t('digests.sendTest')}
                    </button>
                    <button
                      type="button"
                      className="fl-btn fl-btn--ghost fl-digests__delete"
                      disabled={busy}
                      onClick={() =>
                        void act(async () => {
                          await library.deleteDigest(d.id);
                          list.reload();
                          return t('digests.deleted');
                        })
                      }
                    >
                      {t('digests.delete')}
                    </button>
                  </div>
                </li>
              ),
            )}
          </ul>
          {editing && !editing.digest ? (
            <DigestEditor initial={newDigest(target)} busy={busy} onSave={(b) => void save(b)} onCancel={() => setEditing(null)} />
          ) : (
            !editing && (
              <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setEditing({ digest: null })}>
                {t('digests.add')}
              </button>
            )
          )}
        </>
      )}
    </section>
  );
}

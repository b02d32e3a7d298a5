import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, useAsync } from '@formloom/runtime';
import { SUGGESTED_SCHEDULE, type Schedule, type ScheduleBody, type ScheduleFrequency } from '@formloom/schemas';
import { CheckField, SelectField } from '../properties/controls.tsx';
import { AudienceEditor } from './AudienceEditor.tsx';
import { instantLabel, nextWallOpenings, openingLabel } from './nextOpenings.ts';
import { useScheduleApi } from './scheduleApi.ts';
import './schedule.css';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const KINDS: ScheduleFrequency['kind'][] = ['daily', 'weekdays', 'weekly', 'cron'];

const bodyOf = (s: Schedule): ScheduleBody => ({
  enabled: s.enabled,
  frequency: s.frequency,
  timezone: s.timezone,
  audience: s.audience,
  deadline: s.deadline,
  reminders: s.reminders,
});

/**
 * The form's schedule (recurring collection): when a period opens, who fills it, the deadline and
 * reminders. Saved on its own with the schedule API, not with the draft: it applies to the published
 * form at once. A new schedule starts from the suggestion (weekdays 09:00, deadline 10:00, reminder 09:45).
 */
export function SchedulePanel({ formId }: { formId: string }) {
  const api = useScheduleApi();
  const loaded = useAsync(() => api.get(formId), [api, formId]);
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  return <ScheduleEditor key={formId} formId={formId} initial={loaded.data} />;
}

type Problems = Record<string, string>;

function ScheduleEditor({ formId, initial }: { formId: string; initial: Schedule | null }) {
  const { t, i18n } = useTranslation();
  const api = useScheduleApi();
  const ids = useId();
  const [saved, setSaved] = useState<Schedule | null>(initial);
  const [draft, setDraft] = useState<ScheduleBody>(initial ? bodyOf(initial) : SUGGESTED_SCHEDULE);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [problems, setProblems] = useState<Problems>({});
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const change = (patch: Partial<ScheduleBody>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setStatus('idle');
  };
  const frequency = (patch: Partial<ScheduleFrequency>) => change({ frequency: { ...draft.frequency, ...patch } });

  const save = async () => {
    setStatus('saving');
    setProblems({});
    setMessage(null);
    try {
      const body: ScheduleBody = {
        ...draft,
        frequency:
          draft.frequency.kind === 'cron'
            ? { kind: 'cron', cron: draft.frequency.cron ?? '' }
            : {
                kind: draft.frequency.kind,
                time: draft.frequency.time,
                ...(draft.frequency.kind === 'weekly' ? { weekdays: draft.frequency.weekdays ?? [] } : {}),
              },
      };
      const result = await api.save(formId, body);
      setSaved(result);
      setDraft(bodyOf(result));
      setDirty(false);
      setStatus('saved');
    } catch (err) {
      setStatus('idle');
      const e = err as { code?: string; message?: string; details?: unknown };
      if (Array.isArray(e.details)) {
        setProblems(Object.fromEntries((e.details as { path: string; message: string }[]).map((d) => [d.path, d.message])));
      }
      setMessage(e.message ?? t('designer.schedule.saveFailed'));
    }
  };

  const preview = useMemo(() => {
    if (draft.frequency.kind !== 'cron')
      return nextWallOpenings(draft.frequency, draft.timezone, now).map((o) => openingLabel(o, i18n.language));
    if (!dirty && saved?.enabled) return saved.nextOpens.map((iso) => instantLabel(iso, saved.timezone, i18n.language));
    return null;
  }, [draft, dirty, saved, now, i18n.language]);

  const problemAt = (prefix: string) =>
    Object.entries(problems)
      .filter(([path]) => path === prefix || path.startsWith(`${prefix}.`))
      .map(([, m]) => m)
      .join(' ') || null;

  return (
    <form
      className="fl-dz-props fl-sched"
      aria-label={t('designer.schedule.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <p className="fl-dz-prop__hint">{t('designer.schedule.intro')}</p>
      <CheckField
        label={t('designer.schedule.enabled')}
        hint={t('designer.schedule.enabledHint')}
        checked={draft.enabled}
        onChange={(enabled) => change({ enabled })}
      />

      <SelectField
        label={t('designer.schedule.frequency')}
        value={draft.frequency.kind}
        options={KINDS.map((kind) => ({ value: kind, label: t(`designer.schedule.kinds.${kind}`) }))}
        onChange={(kind) =>
          frequency({
            kind,
            time: draft.frequency.time ?? '09:00',
            weekdays: kind === 'weekly' && !draft.frequency.weekdays?.length ? [1] : draft.frequency.weekdays,
          })
        }
      />

      {draft.frequency.kind === 'weekly' && (
        <fieldset className="fl-dz-prop fl-dz-prop--group">
          <legend className="fl-dz-prop__label">{t('designer.schedule.days')}</legend>
          <div className="fl-sched__days">
            {WEEKDAYS.map((day) => {
              const on = draft.frequency.weekdays?.includes(day) ?? false;
              return (
                <button
                  key={day}
                  type="button"
                  className="fl-sched__day"
                  aria-pressed={on}
                  aria-label={t(`designer.schedule.dayNames.${day}`)}
                  onClick={() =>
                    frequency({
                      weekdays: on
                        ? (draft.frequency.weekdays ?? []).filter((d) => d !== day)
                        : [...(draft.frequency.weekdays ?? []), day].sort(),
                    })
                  }
                >
                  {t(`designer.schedule.dayShort.${day}`)}
                </button>
              );
            })}
          </div>
          {problemAt('frequency.weekdays') && (
            <p className="fl-dz-prop__error" role="alert">
              {problemAt('frequency.weekdays')}
            </p>
          )}
        </fieldset>
      )}

      {draft.frequency.kind === 'cron' ? (
        <TimeOrText
          id={`${ids}-cron`}
          label={t('designer.schedule.cron')}
          hint={t('designer.schedule.cronHint')}
          mono
          value={draft.frequency.cron ?? ''}
          onChange={(cron) => frequency({ cron })}
          error={problemAt('frequency.cron')}
        />
      ) : (
        <TimeOrText
          id={`${ids}-time`}
          type="time"
          label={t('designer.schedule.time')}
          hint={t('designer.schedule.timeHint', { zone: draft.timezone })}
          value={draft.frequency.time ?? ''}
          onChange={(time) => frequency({ time })}
          error={problemAt('frequency.time')}
        />
      )}

      <section className="fl-sched__preview" aria-labelledby={`${ids}-next`}>
        <h4 id={`${ids}-next`}>{t('designer.schedule.nextOpens')}</h4>
        {preview === null ? (
          <p className="fl-dz-prop__hint">{t('designer.schedule.nextAfterSave')}</p>
        ) : preview.length === 0 ? (
          <p className="fl-dz-prop__hint">{t('designer.schedule.nextNone')}</p>
        ) : (
          <ol>
            {preview.map((label) => (
              <li key={label}>{label}</li>
            ))}
          </ol>
        )}
      </section>

      <TimeOrText
        id={`${ids}-deadline`}
        type="time"
        label={t('designer.schedule.deadline')}
        hint={t('designer.schedule.deadlineHint')}
        value={draft.deadline}
        onChange={(deadline) => change({ deadline })}
        error={problemAt('deadline')}
      />

      <fieldset className="fl-dz-prop fl-dz-prop--group">
        <legend className="fl-dz-prop__label">{t('designer.schedule.reminders')}</legend>
        <p className="fl-dz-prop__hint">{t('designer.schedule.remindersHint')}</p>
        {draft.reminders.map((time, i) => (
          <div key={i} className="fl-sched__reminder">
            <TimeOrText
              id={`${ids}-reminder-${i}`}
              type="time"
              label={t('designer.schedule.reminderN', { n: i + 1 })}
              value={time}
              onChange={(value) => change({ reminders: draft.reminders.map((r, j) => (j === i ? value : r)) })}
              error={problemAt(`reminders.${i}`)}
            />
            <button
              type="button"
              className="fl-btn fl-btn--ghost fl-sched__remove"
              aria-label={t('designer.schedule.removeReminder', { time })}
              onClick={() => change({ reminders: draft.reminders.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        {draft.reminders.length < 10 && (
          <button
            type="button"
            className="fl-btn fl-btn--secondary fl-sched__add"
            onClick={() => change({ reminders: [...draft.reminders, draft.deadline] })}
          >
            {t('designer.schedule.addReminder')}
          </button>
        )}
      </fieldset>

      <AudienceEditor value={draft.audience} onChange={(audience) => change({ audience })} error={problemAt('audience')} />

      {message && (
        <p className="fl-alert fl-alert--error" role="alert">
          {message}
        </p>
      )}
      <div className="fl-sched__actions">
        <button type="submit" className="fl-btn fl-btn--primary" disabled={status === 'saving' || (!dirty && saved !== null)}>
          {status === 'saving' ? t('designer.schedule.saving') : t('designer.schedule.save')}
        </button>
        <span className="fl-dz-prop__hint" role="status">
          {status === 'saved'
            ? t('designer.schedule.saved')
            : dirty
              ? t('designer.schedule.unsaved')
              : saved
                ? ''
                : t('designer.schedule.notYet')}
        </span>
      </div>
      {saved && (
        <a className="fl-sched__periods" href={`/f/${encodeURIComponent(formId)}/periods`}>
          {t('designer.schedule.periodsLink')}
        </a>
      )}
    </form>
  );
}

function TimeOrText(props: {
  id: string;
  label: string;
  hint?: string;
  type?: 'time' | 'text';
  mono?: boolean;
  value: string;
  onChange(value: string): void;
  error?: string | null;
}) {
  const described = [props.error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="fl-dz-prop">
      <label htmlFor={props.id} className="fl-dz-prop__label">
        {props.label}
      </label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        className={`fl-input fl-dz-prop__input${props.mono ? ' is-mono' : ''}`}
        value={props.value}
        step={props.type === 'time' ? 60 : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        spellCheck={false}
      />
      {props.error && (
        <p id={`${props.id}-error`} className="fl-dz-prop__error" role="alert">
          {props.error}
        </p>
      )}
      {props.hint && (
        <p id={`${props.id}-hint`} className="fl-dz-prop__hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

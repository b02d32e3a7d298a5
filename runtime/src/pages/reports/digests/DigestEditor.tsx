import type { DashboardShare, DigestBody, DigestRecipients } from '@formloom/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AudienceEditor } from '../dashboards/AudienceEditor.tsx';
import { Field } from '../builder/Field.tsx';

type Kind = 'daily' | 'weekdays' | 'weekly';
const KINDS: Kind[] = ['daily', 'weekdays', 'weekly'];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
/** Time zones people in the product's region pick; any IANA zone typed in is accepted too (the server checks it). */
const ZONES = ['Asia/Hong_Kong', 'Asia/Macau', 'Asia/Shanghai', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'UTC'];

/** A digest's recipients as the audience editor's entries, and back. */
export function entriesOf(r: DigestRecipients): DashboardShare[] {
  return [
    ...r.roles.map((role) => ({ kind: 'role' as const, role })),
    ...r.departmentIds.map((departmentId) => ({ kind: 'department' as const, departmentId })),
    ...r.positions.map((position) => ({ kind: 'position' as const, position })),
    ...r.userIds.map((userId) => ({ kind: 'user' as const, userId })),
  ];
}

export function recipientsOf(entries: DashboardShare[]): DigestRecipients {
  const r: DigestRecipients = { userIds: [], roles: [], departmentIds: [], positions: [] };
  for (const e of entries) {
    if (e.kind === 'role') r.roles.push(e.role);
    else if (e.kind === 'department') r.departmentIds.push(e.departmentId);
    else if (e.kind === 'position') r.positions.push(e.position);
    else r.userIds.push(e.userId);
  }
  return r;
}

/** The example: every weekday at 18:00 Hong Kong time. */
export function newDigest(target: DigestBody['target']): DigestBody {
  return {
    target,
    enabled: true,
    frequency: { kind: 'weekdays', time: '18:00' },
    timezone: 'Asia/Hong_Kong',
    recipients: { userIds: [], roles: [], departmentIds: [], positions: [] },
  };
}

/** When and to whom a digest goes; `onSave` gets the whole body. */
export function DigestEditor({
  initial,
  busy,
  onSave,
  onCancel,
}: {
  initial: DigestBody;
  busy: boolean;
  onSave: (body: DigestBody) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState(initial);
  const kind = (KINDS as string[]).includes(body.frequency.kind) ? (body.frequency.kind as Kind) : 'daily';
  const days = body.frequency.weekdays ?? [];
  const setFrequency = (patch: Partial<DigestBody['frequency']>) => setBody({ ...body, frequency: { ...body.frequency, ...patch } });
  const entries = entriesOf(body.recipients);
  const noDays = kind === 'weekly' && days.length === 0;

  return (
    <form
      className="fl-digest-editor"
      aria-label={t('digests.editor.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const frequency = { kind, time: body.frequency.time ?? '18:00', ...(kind === 'weekly' ? { weekdays: days } : {}) };
        if (!noDays) onSave({ ...body, frequency });
      }}
    >
      <div className="fl-digest-editor__when">
        <Field label={t('digests.editor.repeats')}>
          {(id) => (
            <select
              id={id}
              className="fl-input"
              value={kind}
              onChange={(e) => {
                const next = e.target.value as Kind;
                setFrequency({ kind: next, weekdays: next === 'weekly' && days.length === 0 ? [1] : days });
              }}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`digests.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('digests.editor.time')}>
          {(id) => (
            <input
              id={id}
              className="fl-input"
              type="time"
              required
              value={body.frequency.time ?? '18:00'}
              onChange={(e) => setFrequency({ time: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('digests.editor.timezone')}>
          {(id) => (
            <>
              <input
                id={id}
                className="fl-input"
                list="fl-digest-zones"
                value={body.timezone}
                onChange={(e) => setBody({ ...body, timezone: e.target.value })}
              />
              <datalist id="fl-digest-zones">
                {ZONES.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
      </div>
      {kind === 'weekly' && (
        <fieldset className="fl-digest-editor__days">
          <legend className="fl-label">{t('digests.editor.days')}</legend>
          {DAYS.map((day) => (
            <label key={day} className="fl-check">
              <input
                type="checkbox"
                checked={days.includes(day)}
                onChange={() => setFrequency({ weekdays: days.includes(day) ? days.filter((d) => d !== day) : [...days, day].sort() })}
              />
              <span>{t(`digests.day.${day}`)}</span>
            </label>
          ))}
          {noDays && (
            <p className="fl-alert fl-alert--error" role="alert">
              {t('digests.editor.pickDay')}
            </p>
          )}
        </fieldset>
      )}
      <AudienceEditor
        legend={t('digests.editor.recipients')}
        idPrefix="digest"
        value={entries}
        onChange={(next) => setBody({ ...body, recipients: recipientsOf(next) })}
      />
      <label className="fl-check">
        <input type="checkbox" checked={body.enabled} onChange={(e) => setBody({ ...body, enabled: e.target.checked })} />
        <span>{t('digests.editor.enabled')}</span>
      </label>
      <div className="fl-rb-dialog__actions">
        <button type="button" className="fl-btn fl-btn--ghost" onClick={onCancel}>
          {t('digests.cancel')}
        </button>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy || noDays}>
          {t('digests.editor.save')}
        </button>
      </div>
    </form>
  );
}

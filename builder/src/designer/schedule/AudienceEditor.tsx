import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentPicker, PositionPicker, UserPicker } from '@formloom/runtime';
import type { Department, ScheduleAudience } from '@formloom/schemas';
import { useScheduleApi, type AudiencePerson } from './scheduleApi.ts';

/** Names for the ids an audience holds, so chips read "Warehouse" and "Chan Tai Man", not ids. */
function useAudienceNames(audience: ScheduleAudience) {
  const api = useScheduleApi();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [people, setPeople] = useState<Map<string, AudiencePerson>>(new Map());
  useEffect(() => {
    let live = true;
    api.departments().then(
      (items) => live && setDepartments(items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  const missing = audience.userIds.filter((id) => !people.has(id));
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!missingKey) return;
    let live = true;
    api.peopleById(missingKey.split(',')).then(
      (found) => live && setPeople((known) => new Map([...known, ...found.map((p) => [p.id, p] as const)])),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, missingKey]);
  return { departments, people };
}

function Chips({ label, items, onRemove }: { label: string; items: { key: string; text: string }[]; onRemove(key: string): void }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="fl-sched__chips" aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="fl-sched__chip">
          <span>{item.text}</span>
          <button
            type="button"
            className="fl-sched__chip-remove"
            aria-label={t('designer.schedule.audience.remove', { name: item.text })}
            onClick={() => onRemove(item.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Who fills the form each period: departments (with their sub-departments), positions and people. */
export function AudienceEditor({
  value,
  onChange,
  error,
}: {
  value: ScheduleAudience;
  onChange(next: ScheduleAudience): void;
  error?: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { departments, people } = useAudienceNames(value);
  const [position, setPosition] = useState('');
  const departmentName = (id: string) => {
    const d = departments.find((x) => x.id === id);
    if (!d) return t('designer.schedule.audience.unknown');
    return (i18n.language === 'zh-Hant' ? d.name['zh-Hant'] : undefined) ?? d.name.en;
  };
  const add = <K extends keyof ScheduleAudience>(key: K, item: string) => {
    if (!item || value[key].includes(item)) return;
    onChange({ ...value, [key]: [...value[key], item] });
  };
  const remove = <K extends keyof ScheduleAudience>(key: K, item: string) =>
    onChange({ ...value, [key]: value[key].filter((x) => x !== item) });
  const addPosition = () => {
    const trimmed = position.trim();
    if (trimmed && !value.positions.some((p) => p.toLowerCase() === trimmed.toLowerCase())) add('positions', trimmed);
    setPosition('');
  };
  const empty = value.departmentIds.length + value.positions.length + value.userIds.length === 0;

  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group fl-sched__audience">
      <legend className="fl-dz-prop__label">{t('designer.schedule.audience.title')}</legend>
      <p className="fl-dz-prop__hint">{empty ? t('designer.schedule.audience.empty') : t('designer.schedule.audience.hint')}</p>
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}

      <DepartmentPicker
        value={null}
        onChange={(id) => id && add('departmentIds', id)}
        label={t('designer.schedule.audience.addDepartment')}
      />
      <Chips
        label={t('designer.schedule.audience.departments')}
        items={value.departmentIds.map((id) => ({ key: id, text: departmentName(id) }))}
        onRemove={(id) => remove('departmentIds', id)}
      />

      <div
        className="fl-sched__position"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
            e.preventDefault();
            addPosition();
          }
        }}
      >
        <PositionPicker value={position} onChange={setPosition} label={t('designer.schedule.audience.addPosition')} />
        <button type="button" className="fl-btn fl-btn--secondary fl-sched__add" onClick={addPosition} disabled={!position.trim()}>
          {t('designer.schedule.audience.add')}
        </button>
      </div>
      <Chips
        label={t('designer.schedule.audience.positions')}
        items={value.positions.map((p) => ({ key: p, text: p }))}
        onRemove={(p) => remove('positions', p)}
      />

      <UserPicker
        value={null}
        onChange={(id) => id && add('userIds', id)}
        label={t('designer.schedule.audience.addPerson')}
        excludeIds={value.userIds}
      />
      <Chips
        label={t('designer.schedule.audience.people')}
        items={value.userIds.map((id) => ({ key: id, text: people.get(id)?.name ?? '…' }))}
        onRemove={(id) => remove('userIds', id)}
      />
    </fieldset>
  );
}

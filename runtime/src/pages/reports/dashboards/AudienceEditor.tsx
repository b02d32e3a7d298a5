import type { DashboardShare } from '@formloom/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../../api/directory.ts';
import { DepartmentPicker } from '../../../components/pickers/DepartmentPicker.tsx';
import { PositionPicker } from '../../../components/pickers/PositionPicker.tsx';
import { UserPicker } from '../../../components/pickers/UserPicker.tsx';
import { useDepartments } from '../../../components/pickers/useDirectory.ts';
import { usePersonLabels } from '../../../form/person/usePersonLabels.ts';
import { Field } from '../builder/Field.tsx';

export type AudienceKind = DashboardShare['kind'];
const KINDS: AudienceKind[] = ['role', 'department', 'position', 'user'];
const ROLES = ['admin', 'builder', 'member'] as const;

export const sameEntry = (a: DashboardShare, b: DashboardShare) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Who: roles, departments (and below), positions and people, as removable chips plus one "add" row
 * with the runtime's pickers. Used by a dashboard's sharing and a digest's recipients.
 */
export function AudienceEditor({
  value,
  onChange,
  legend,
  idPrefix,
}: {
  value: DashboardShare[];
  onChange: (next: DashboardShare[]) => void;
  legend: string;
  idPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const people = usePersonLabels();
  const [kind, setKind] = useState<AudienceKind>('role');
  const [role, setRole] = useState<(typeof ROLES)[number]>('member');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [position, setPosition] = useState('');
  const [userId, setUserId] = useState<string | null>(null);

  const describe = (entry: DashboardShare): string => {
    switch (entry.kind) {
      case 'role':
        return t('dashboards.audience.roleIs', { role: t(`dashboards.audience.roles.${entry.role}`) });
      case 'department': {
        const found = departments?.find((d) => d.id === entry.departmentId);
        return t('dashboards.audience.departmentIs', { name: found ? departmentName(found, i18n.language) : '…' });
      }
      case 'position':
        return t('dashboards.audience.positionIs', { position: entry.position });
      case 'user':
        return people.name(entry.userId) ?? '…';
    }
  };

  const candidate = ((): DashboardShare | null => {
    if (kind === 'role') return { kind, role };
    if (kind === 'department') return departmentId ? { kind, departmentId } : null;
    if (kind === 'position') return position.trim() ? { kind, position: position.trim() } : null;
    return userId ? { kind, userId } : null;
  })();
  const already = !!candidate && value.some((v) => sameEntry(v, candidate));

  return (
    <fieldset className="fl-rb-group fl-aud">
      <legend className="fl-rb-group__title">{legend}</legend>
      {value.length === 0 ? (
        <p className="fl-rb-hint">{t('dashboards.audience.nobody')}</p>
      ) : (
        <ul className="fl-chips" aria-label={legend}>
          {value.map((entry) => {
            const text = describe(entry);
            return (
              <li key={JSON.stringify(entry)} className="fl-chip">
                <span>{text}</span>
                <button
                  type="button"
                  className="fl-chip__remove"
                  aria-label={t('dashboards.audience.remove', { who: text })}
                  onClick={() => onChange(value.filter((v) => !sameEntry(v, entry)))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="fl-aud__add">
        <Field label={t('dashboards.audience.kind')}>
          {(id) => (
            <select id={id} className="fl-input" value={kind} onChange={(e) => setKind(e.target.value as AudienceKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`dashboards.audience.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === 'role' && (
          <Field label={t('dashboards.audience.role')}>
            {(id) => (
              <select id={id} className="fl-input" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`dashboards.audience.roles.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {kind === 'department' && (
          <DepartmentPicker
            id={`${idPrefix}-department`}
            label={t('dashboards.audience.department')}
            value={departmentId}
            onChange={setDepartmentId}
          />
        )}
        {kind === 'position' && (
          <PositionPicker id={`${idPrefix}-position`} label={t('dashboards.audience.position')} value={position} onChange={setPosition} />
        )}
        {kind === 'user' && (
          <UserPicker id={`${idPrefix}-user`} label={t('dashboards.audience.person')} value={userId} onChange={setUserId} />
        )}
        <button
          type="button"
          className="fl-btn fl-btn--secondary fl-aud__button"
          disabled={!candidate || already}
          onClick={() => {
            if (!candidate || already) return;
            onChange([...value, candidate]);
            setPosition('');
            setUserId(null);
            setDepartmentId(null);
          }}
        >
          {t('dashboards.audience.add')}
        </button>
      </div>
    </fieldset>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../api/directory.ts';
import { DepartmentPicker } from '../../components/pickers/DepartmentPicker.tsx';
import { PositionPicker } from '../../components/pickers/PositionPicker.tsx';
import { UserPicker } from '../../components/pickers/UserPicker.tsx';
import { useDepartments } from '../../components/pickers/useDirectory.ts';
import { usePersonLabels } from '../../form/person/usePersonLabels.ts';

const KINDS = ['everyone', 'role', 'department', 'position', 'user'] as const;
type Kind = (typeof KINDS)[number];
const ROLES = ['admin', 'builder', 'member'] as const;

/** A principal in words: "Everyone signed in", "Role: Member", "Department: HR (and below)", a person's name. */
export function usePrincipalLabel(): (principal: string) => string {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const people = usePersonLabels();
  return (principal) => {
    if (principal === '*') return t('permissions.who.everyone');
    const [kind, ...rest] = principal.split(':');
    const value = rest.join(':');
    if (kind === 'role' && rest.length) return t('permissions.who.roleIs', { role: t(`permissions.roles.${value}`) });
    if (kind === 'department' && rest.length) {
      const found = departments?.find((d) => d.id === value);
      return t('permissions.who.departmentIs', { name: found ? departmentName(found, i18n.language) : '…' });
    }
    if (kind === 'position' && rest.length) return t('permissions.who.positionIs', { position: value });
    return people.name(principal) ?? '…';
  };
}

/** Chooses one principal with the runtime's pickers and hands it to `onAdd`. */
export function PrincipalPicker({
  idPrefix,
  onAdd,
  exclude,
  addLabel,
}: {
  idPrefix: string;
  onAdd(principal: string): void;
  exclude: readonly string[];
  addLabel: string;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('role');
  const [role, setRole] = useState<(typeof ROLES)[number]>('member');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [position, setPosition] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const candidate = (() => {
    if (kind === 'everyone') return '*';
    if (kind === 'role') return `role:${role}`;
    if (kind === 'department') return departmentId ? `department:${departmentId}` : null;
    if (kind === 'position') return position.trim() ? `position:${position.trim()}` : null;
    return userId;
  })();
  const already = candidate !== null && exclude.some((p) => p.toLowerCase() === candidate.toLowerCase());
  return (
    <div className="fl-perm-add">
      <div className="fl-field">
        <label className="fl-label" htmlFor={`${idPrefix}-kind`}>
          {t('permissions.who.kind')}
        </label>
        <select id={`${idPrefix}-kind`} className="fl-input" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`permissions.who.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {kind === 'role' && (
        <div className="fl-field">
          <label className="fl-label" htmlFor={`${idPrefix}-role`}>
            {t('permissions.who.role')}
          </label>
          <select id={`${idPrefix}-role`} className="fl-input" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`permissions.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      {kind === 'department' && (
        <DepartmentPicker
          id={`${idPrefix}-department`}
          label={t('permissions.who.department')}
          value={departmentId}
          onChange={setDepartmentId}
        />
      )}
      {kind === 'position' && (
        <PositionPicker id={`${idPrefix}-position`} label={t('permissions.who.position')} value={position} onChange={setPosition} />
      )}
      {kind === 'user' && <UserPicker id={`${idPrefix}-user`} label={t('permissions.who.person')} value={userId} onChange={setUserId} />}
      <button
        type="button"
        className="fl-btn fl-btn--secondary fl-perm-add__button"
        disabled={!candidate || already}
        onClick={() => {
          if (!candidate || already) return;
          onAdd(candidate);
          setPosition('');
          setUserId(null);
          setDepartmentId(null);
        }}
      >
        {addLabel}
      </button>
    </div>
  );
}

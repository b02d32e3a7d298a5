import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateUserBody } from '@formloom/schemas';
import { DepartmentPicker } from '../../components/pickers/DepartmentPicker.tsx';
import { PositionPicker } from '../../components/pickers/PositionPicker.tsx';
import { UserPicker } from '../../components/pickers/UserPicker.tsx';
import { orgErrorText } from './orgErrors.ts';
import { PersonSessions } from './security/PersonSessions.tsx';
import type { AdminUser, OrgAdminApi } from './orgAdminApi.ts';

const ROLES = ['member', 'builder', 'admin'] as const;

/** One person's place in the chart and access: only what was changed is sent. */
export function PersonEditor({ api, person, onDone }: { api: OrgAdminApi; person: AdminUser; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(person.name);
  const [departmentId, setDepartmentId] = useState(person.departmentId);
  const [managerId, setManagerId] = useState(person.managerId);
  const [positions, setPositions] = useState(person.positions);
  const [position, setPosition] = useState('');
  const [role, setRole] = useState(person.role);
  const [disabled, setDisabled] = useState(person.disabled);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `person-${person.id}`;

  const addPosition = () => {
    const next = position.trim();
    if (next && !positions.some((p) => p.toLowerCase() === next.toLowerCase())) setPositions([...positions, next]);
    setPosition('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: UpdateUserBody = {};
    if (name.trim() !== person.name) body.name = name.trim();
    if (departmentId !== person.departmentId) body.departmentId = departmentId;
    if (managerId !== person.managerId) body.managerId = managerId;
    const typed = position.trim() ? [...positions, position.trim()] : positions;
    if (typed.join('\n') !== person.positions.join('\n')) body.positions = typed;
    if (role !== person.role) body.role = role;
    if (disabled !== person.disabled) body.disabled = disabled;
    if (Object.keys(body).length === 0) return onDone(false);
    setBusy(true);
    setError(null);
    try {
      await api.updateUser(person.id, body);
      onDone(true);
    } catch (err) {
      setError(orgErrorText(t, err));
      setBusy(false);
    }
  };

  return (
    <div className="fl-org-person-editor">
      <form className="fl-org-form" onSubmit={submit} aria-label={t('admin.people.editNamed', { name: person.name })}>
        <div className="fl-org-form__grid">
          <div className="fl-field">
            <label className="fl-label" htmlFor={`${id}-name`}>
              {t('admin.people.name')}
            </label>
            <input id={`${id}-name`} className="fl-input" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
          </div>
          <DepartmentPicker id={`${id}-department`} label={t('admin.people.department')} value={departmentId} onChange={setDepartmentId} />
          <UserPicker
            id={`${id}-manager`}
            label={t('admin.people.manager')}
            value={managerId}
            onChange={setManagerId}
            excludeIds={[person.id]}
          />
          <div className="fl-field">
            <label className="fl-label" htmlFor={`${id}-role`}>
              {t('admin.people.role')}
            </label>
            <select id={`${id}-role`} className="fl-input" value={role} onChange={(e) => setRole(e.target.value as AdminUser['role'])}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`admin.roles.${r}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="fl-org-form__positions">
            <fieldset className="fl-org-form__fieldset">
              <legend className="fl-label">{t('admin.people.positions')}</legend>
              {positions.length > 0 && (
                <ul className="fl-org-chips">
                  {positions.map((p) => (
                    <li key={p} className="fl-org-chips__chip">
                      <span>{p}</span>
                      <button
                        type="button"
                        className="fl-org-chips__remove"
                        aria-label={t('admin.people.removePosition', { position: p })}
                        onClick={() => setPositions(positions.filter((x) => x !== p))}
                      >
                        <span aria-hidden="true">×</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <div className="fl-org-form__add">
                <PositionPicker id={`${id}-position`} label={t('admin.people.addPosition')} value={position} onChange={setPosition} />
                <button type="button" className="fl-btn fl-btn--secondary" onClick={addPosition} disabled={!position.trim()}>
                  {t('admin.people.add')}
                </button>
              </div>
            </fieldset>
          </div>
          <label className="fl-org-form__check">
            <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} />
            <span>{t('admin.people.disable')}</span>
          </label>
        </div>
        {error && (
          <p className="fl-alert fl-alert--error" role="alert">
            {error}
          </p>
        )}
        <div className="fl-org-form__actions">
          <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
            {t('admin.save')}
          </button>
          <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onDone(false)} disabled={busy}>
            {t('admin.cancel')}
          </button>
        </div>
      </form>
      <PasswordForm api={api} person={person} />
      <PersonSessions userId={person.id} name={person.name} />
    </div>
  );
}

const MIN_PASSWORD = 10;

/** A password for the person: how someone the import created signs in for the first time. */
function PasswordForm({ api, person }: { api: OrgAdminApi; person: AdminUser }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [state, setState] = useState<{ kind: 'idle' | 'busy' | 'done' } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const id = `person-${person.id}-password`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setState({ kind: 'error', text: t('admin.people.passwordShort', { count: MIN_PASSWORD }) });
      return;
    }
    setState({ kind: 'busy' });
    try {
      await api.setPassword(person.id, password);
      setPassword('');
      setState({ kind: 'done' });
    } catch (err) {
      setState({ kind: 'error', text: orgErrorText(t, err) });
    }
  };
  return (
    <form className="fl-org-form fl-org-password" onSubmit={submit} aria-label={t('admin.people.passwordTitle')}>
      <div className="fl-org-form__add">
        <div className="fl-field">
          <label className="fl-label" htmlFor={id}>
            {t('admin.people.password')}
          </label>
          <input
            id={id}
            className="fl-input"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            maxLength={200}
            value={password}
            aria-invalid={state.kind === 'error' || undefined}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="fl-btn fl-btn--secondary" disabled={!password || state.kind === 'busy'}>
          {t('admin.people.setPassword')}
        </button>
      </div>
      <p id={`${id}-hint`} className="fl-org__muted fl-org-password__hint">
        {t('admin.people.passwordHint', { count: MIN_PASSWORD })}
      </p>
      {state.kind === 'done' && (
        <p className="fl-alert fl-alert--info" role="status">
          {t('admin.people.passwordSet', { name: person.name })}
        </p>
      )}
      {state.kind === 'error' && (
        <p className="fl-alert fl-alert--error" role="alert">
          {state.text}
        </p>
      )}
    </form>
  );
}

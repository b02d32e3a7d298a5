import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../api/directory.ts';
import { DepartmentPicker } from '../../components/pickers/DepartmentPicker.tsx';
import { UserPicker } from '../../components/pickers/UserPicker.tsx';
import { orgErrorText } from './orgErrors.ts';
import type { AdminUser, Department, OrgAdminApi } from './orgAdminApi.ts';

interface Props {
  api: OrgAdminApi;
  departments: Department[];
  users: AdminUser[];
  onChanged(): void;
}

/** The department tree, indented by depth, each with its head and how many people are in it; add, rename, move, set the head. */
export function DepartmentsPanel({ api, departments, users, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const members = new Map<string, number>();
  for (const u of users) if (u.departmentId && !u.disabled) members.set(u.departmentId, (members.get(u.departmentId) ?? 0) + 1);

  return (
    <section aria-labelledby="org-departments-title">
      <div className="fl-org__bar">
        <h2 id="org-departments-title">{t('admin.departments.title')}</h2>
        {editing !== 'new' && (
          <button type="button" className="fl-btn fl-btn--primary" onClick={() => setEditing('new')}>
            {t('admin.departments.add')}
          </button>
        )}
      </div>
      {editing === 'new' && (
        <DepartmentForm
          api={api}
          department={null}
          onDone={(saved) => {
            setEditing(null);
            if (saved) onChanged();
          }}
        />
      )}
      {departments.length === 0 ? (
        <p className="fl-org__empty">{t('admin.departments.none')}</p>
      ) : (
        <ul className="fl-org-tree" aria-label={t('admin.departments.title')}>
          {departments.map((d) => {
            const name = departmentName(d, i18n.language);
            const other = i18n.language === 'zh-Hant' ? d.name.en : d.name['zh-Hant'];
            const depth = d.path.length - 1;
            return (
              <li key={d.id} className="fl-org-tree__item" style={{ paddingInlineStart: `${0.75 + depth * 1.25}rem` }} data-depth={depth}>
                <div className="fl-org-tree__row">
                  <div className="fl-org-tree__text">
                    <span className="fl-org-tree__name">
                      {depth > 0 && (
                        <span className="fl-org-tree__branch" aria-hidden="true">
                          └{' '}
                        </span>
                      )}
                      {name}
                      {other && other !== name && <span className="fl-org-tree__other"> · {other}</span>}
                    </span>
                    <span className="fl-org-tree__meta">
                      {d.headUserId ? t('admin.departments.head', { name: names.get(d.headUserId) ?? '—' }) : t('admin.departments.noHead')}
                      {' · '}
                      {t('admin.departments.people', { count: members.get(d.id) ?? 0 })}
                    </span>
                  </div>
                  {editing !== d.id && (
                    <button
                      type="button"
                      className="fl-btn fl-btn--secondary fl-org__edit"
                      aria-label={t('admin.departments.editNamed', { name })}
                      onClick={() => setEditing(d.id)}
                    >
                      {t('admin.edit')}
                    </button>
                  )}
                </div>
                {editing === d.id && (
                  <DepartmentForm
                    api={api}
                    department={d}
                    onDone={(saved) => {
                      setEditing(null);
                      if (saved) onChanged();
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function DepartmentForm({ api, department, onDone }: { api: OrgAdminApi; department: Department | null; onDone(saved: boolean): void }) {
  const { t } = useTranslation();
  const [en, setEn] = useState(department?.name.en ?? '');
  const [zh, setZh] = useState(department?.name['zh-Hant'] ?? '');
  const [parentId, setParentId] = useState<string | null>(department?.parentId ?? null);
  const [headUserId, setHeadUserId] = useState<string | null>(department?.headUserId ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idPrefix = `dept-${department?.id ?? 'new'}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!en.trim()) {
      setError(t('admin.departments.nameRequired'));
      return;
    }
    const body = { name: zh.trim() ? { en: en.trim(), 'zh-Hant': zh.trim() } : { en: en.trim() }, parentId, headUserId };
    setBusy(true);
    setError(null);
    try {
      if (department) await api.updateDepartment(department.id, body);
      else await api.createDepartment(body);
      onDone(true);
    } catch (err) {
      setError(orgErrorText(t, err));
      setBusy(false);
    }
  };

  return (
    <form
      className="fl-card fl-org-form"
      onSubmit={submit}
      aria-label={department ? t('admin.departments.editTitle') : t('admin.departments.addTitle')}
    >
      <div className="fl-org-form__grid">
        <div className="fl-field">
          <label className="fl-label" htmlFor={`${idPrefix}-en`}>
            {t('admin.departments.nameEn')}
          </label>
          <input
            id={`${idPrefix}-en`}
            className="fl-input"
            value={en}
            maxLength={200}
            required
            aria-invalid={error !== null && !en.trim() ? true : undefined}
            onChange={(e) => setEn(e.target.value)}
          />
        </div>
        <div className="fl-field">
          <label className="fl-label" htmlFor={`${idPrefix}-zh`}>
            {t('admin.departments.nameZh')}
          </label>
          <input
            id={`${idPrefix}-zh`}
            className="fl-input"
            value={zh}
            maxLength={200}
            lang="zh-Hant"
            onChange={(e) => setZh(e.target.value)}
          />
        </div>
        <DepartmentPicker id={`${idPrefix}-parent`} label={t('admin.departments.parent')} value={parentId} onChange={setParentId} />
        <UserPicker id={`${idPrefix}-head`} label={t('admin.departments.headLabel')} value={headUserId} onChange={setHeadUserId} />
      </div>
      {error && (
        <p className="fl-alert fl-alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="fl-org-form__actions">
        <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
          {department ? t('admin.save') : t('admin.departments.create')}
        </button>
        <button type="button" className="fl-btn fl-btn--ghost" onClick={() => onDone(false)} disabled={busy}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

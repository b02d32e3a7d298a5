import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../api/directory.ts';
import type { AdminUser, Department, OrgAdminApi } from './orgAdminApi.ts';
import { PersonEditor } from './PersonEditor.tsx';

interface Props {
  api: OrgAdminApi;
  departments: Department[];
  users: AdminUser[];
  onChanged(): void;
}

const ALL = '';
const NONE = '-';

/** Everyone, searchable and by department: a table on a desk, cards on a phone; each person edited in place. */
export function PeoplePanel({ api, departments, users, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [department, setDepartment] = useState(ALL);
  const [editing, setEditing] = useState<string | null>(null);
  const departmentLabel = useMemo(() => {
    const byId = new Map(departments.map((d) => [d.id, departmentName(d, i18n.language)]));
    return (id: string | null) => (id ? (byId.get(id) ?? '—') : '—');
  }, [departments, i18n.language]);
  const names = new Map(users.map((u) => [u.id, u.name]));

  const q = query.trim().toLowerCase();
  const shown = users.filter(
    (u) =>
      (!q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q)) &&
      (department === ALL || (department === NONE ? !u.departmentId : u.departmentId === department)),
  );

  return (
    <section aria-labelledby="org-people-title">
      <div className="fl-org__bar">
        <h2 id="org-people-title">{t('admin.people.title')}</h2>
      </div>
      <div className="fl-org__filters">
        <div className="fl-field">
          <label className="fl-label" htmlFor="org-people-search">
            {t('admin.people.search')}
          </label>
          <input id="org-people-search" className="fl-input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="fl-field">
          <label className="fl-label" htmlFor="org-people-department">
            {t('admin.people.department')}
          </label>
          <select id="org-people-department" className="fl-input" value={department} onChange={(e) => setDepartment(e.target.value)}>
            <option value={ALL}>{t('admin.people.allDepartments')}</option>
            <option value={NONE}>{t('admin.people.noDepartment')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {'\u00a0\u00a0\u00a0'.repeat(d.path.length - 1)}
                {departmentName(d, i18n.language)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="fl-org__count" role="status">
        {t('admin.people.count', { count: shown.length })}
      </p>
      <table className="fl-org-people">
        <thead>
          <tr>
            <th scope="col">{t('admin.people.name')}</th>
            <th scope="col">{t('admin.people.department')}</th>
            <th scope="col">{t('admin.people.manager')}</th>
            <th scope="col">{t('admin.people.positions')}</th>
            <th scope="col">{t('admin.people.role')}</th>
            <th scope="col">
              <span className="fl-visually-hidden">{t('admin.edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => (
            <Fragment key={u.id}>
              <tr className={u.disabled ? 'fl-org-people__row fl-org-people__row--disabled' : 'fl-org-people__row'}>
                <td className="fl-org-people__who">
                  <div className="fl-org-people__who-box">
                    <span className="fl-org-people__name">{u.name}</span>
                    <span className="fl-org-people__email">{u.email}</span>
                    {u.disabled && <span className="fl-badge">{t('admin.people.disabled')}</span>}
                  </div>
                </td>
                <td data-label={t('admin.people.department')}>{departmentLabel(u.departmentId)}</td>
                <td data-label={t('admin.people.manager')}>{u.managerId ? (names.get(u.managerId) ?? '—') : '—'}</td>
                <td data-label={t('admin.people.positions')}>{u.positions.length ? u.positions.join(t('admin.listSeparator')) : '—'}</td>
                <td data-label={t('admin.people.role')}>{t(`admin.roles.${u.role}`)}</td>
                <td className="fl-org-people__actions">
                  {editing !== u.id && (
                    <button
                      type="button"
                      className="fl-btn fl-btn--secondary fl-org__edit"
                      aria-label={t('admin.people.editNamed', { name: u.name })}
                      onClick={() => setEditing(u.id)}
                    >
                      {t('admin.edit')}
                    </button>
                  )}
                </td>
              </tr>
              {editing === u.id && (
                <tr className="fl-org-people__editor">
                  <td colSpan={6}>
                    <PersonEditor
                      api={api}
                      person={u}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) onChanged();
                      }}
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectorySyncPreview } from './directoryApi.ts';

const path = (parts: string[]) => parts.join(' / ');

/** A sync's changes as readable lists: who is created, what changes for whom, who leaves or returns. */
export function SyncChanges({ changes }: { changes: DirectorySyncPreview }) {
  const { t } = useTranslation();
  const none = <span className="fl-dirsync__none">{t('directorySync.changes.none')}</span>;
  const value = (v: string | null) => (v === null || v === '' ? none : <span>{v}</span>);
  const was = (v: string | null) => (v === null || v === '' ? none : <del>{v}</del>);
  const total =
    changes.created.length +
    changes.updated.length +
    changes.deactivated.length +
    changes.reactivated.length +
    changes.departmentsCreated.length +
    changes.departmentsMoved.length +
    changes.managersSet.length;

  const group = (key: string, count: number, children: ReactNode, tone = '') =>
    count > 0 && (
      <details className={`fl-dirsync__group ${tone}`} open={count <= 12}>
        <summary>
          <span>{t(`directorySync.changes.${key}`)}</span>
          <span className="fl-badge">{count}</span>
        </summary>
        <ul className="fl-dirsync__list">{children}</ul>
      </details>
    );

  return (
    <div className="fl-dirsync__changes">
      {total === 0 && <p className="fl-dirsync__nothing">{t('directorySync.changes.nothing')}</p>}
      {group(
        'created',
        changes.created.length,
        changes.created.map((c) => (
          <li key={c.email}>
            <strong>{c.name}</strong> <span className="fl-dirsync__email">{c.email}</span>
            <div className="fl-dirsync__facts">
              {c.department.length > 0 && <span>{t('directorySync.changes.inDepartment', { path: path(c.department) })}</span>}
              {c.position && <span>{t('directorySync.changes.asPosition', { position: c.position })}</span>}
              {c.manager && <span>{t('directorySync.changes.reportsTo', { manager: c.manager })}</span>}
            </div>
          </li>
        )),
        'fl-dirsync__group--add',
      )}
      {group(
        'updated',
        changes.updated.length,
        changes.updated.map((u) => (
          <li key={u.email}>
            <strong>{u.name}</strong> <span className="fl-dirsync__email">{u.email}</span>
            <dl className="fl-dirsync__diff">
              {u.changes.map((c) => (
                <div key={c.field}>
                  <dt>{t(`directorySync.changes.field.${c.field}`)}</dt>
                  <dd>
                    {was(c.before)}
                    <span aria-hidden="true"> → </span>
                    <span className="fl-visually-hidden">{t('directorySync.changes.becomes')}</span>
                    <ins>{value(c.after)}</ins>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        )),
      )}
      {group(
        'deactivated',
        changes.deactivated.length,
        changes.deactivated.map((u) => (
          <li key={u.email}>
            <strong>{u.name}</strong> <span className="fl-dirsync__email">{u.email}</span>
          </li>
        )),
        'fl-dirsync__group--remove',
      )}
      {group(
        'reactivated',
        changes.reactivated.length,
        changes.reactivated.map((u) => (
          <li key={u.email}>
            <strong>{u.name}</strong> <span className="fl-dirsync__email">{u.email}</span>
          </li>
        )),
        'fl-dirsync__group--add',
      )}
      {group(
        'departmentsCreated',
        changes.departmentsCreated.length,
        changes.departmentsCreated.map((d) => <li key={path(d.path)}>{path(d.path)}</li>),
      )}
      {group(
        'departmentsMoved',
        changes.departmentsMoved.length,
        changes.departmentsMoved.map((d) => (
          <li key={d.departmentId}>
            <del>{path(d.from)}</del> <span aria-hidden="true">→</span>
            <span className="fl-visually-hidden">{t('directorySync.changes.becomes')}</span> <ins>{path(d.to)}</ins>
          </li>
        )),
      )}
      {group(
        'managersSet',
        changes.managersSet.length,
        changes.managersSet.map((m) => (
          <li key={m.email}>
            <strong>{m.name}</strong> <span className="fl-dirsync__email">{m.email}</span>
            <div className="fl-dirsync__facts">
              <span>
                {was(m.before)} <span aria-hidden="true">→</span>
                <span className="fl-visually-hidden">{t('directorySync.changes.becomes')}</span> <ins>{value(m.after)}</ins>
              </span>
            </div>
          </li>
        )),
      )}
      {group(
        'warnings',
        changes.warnings.length,
        changes.warnings.map((w, i) => (
          <li key={`${w.dn}-${i}`}>
            <span className="fl-dirsync__dn">{w.dn}</span>
            <div className="fl-dirsync__facts">{w.message}</div>
          </li>
        )),
        'fl-dirsync__group--warn',
      )}
    </div>
  );
}

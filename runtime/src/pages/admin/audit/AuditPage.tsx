import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '@formloom/schemas';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminOnly } from '../../../components/AdminOnly.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { Link } from '../../../router/Router.tsx';
import { AuditDetails } from './AuditDetails.tsx';
import { auditApiOf, type AuditEntry, type AuditFilter, type AuditVerifyResult } from './auditApi.ts';
import './AuditPage.css';

/** The action filter's groups: every prefix of AUDIT_ACTIONS, in the order the list has them. */
const ACTION_GROUPS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]!))];

/** A local calendar date (yyyy-mm-dd from a date input) as the instant its day starts, or the next day starts. */
function dayStart(date: string, next = false): string {
  const d = new Date(`${date}T00:00:00`);
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/** Where a target has a page of its own. */
function targetHref(entry: AuditEntry): string | null {
  const id = entry.targetId;
  if (!id) return null;
  switch (entry.targetType) {
    case 'submission':
      return entry.action === 'submission.deleted' ? null : `/r/${encodeURIComponent(id)}`;
    case 'app':
      return `/apps/${encodeURIComponent(id)}`;
    case 'form':
      return `/f/${encodeURIComponent(id)}/submissions`;
    case 'report':
      return `/reports/${encodeURIComponent(id)}`;
    case 'dashboard':
      return `/dashboards/${encodeURIComponent(id)}`;
    default:
      return null;
  }
}

interface Form {
  from: string;
  to: string;
  action: string;
  actorId: string;
}
const EMPTY: Form = { from: '', to: '', action: '', actorId: '' };

function toFilter(form: Form, target: { type: string; id: string } | null): AuditFilter {
  return {
    from: form.from ? dayStart(form.from) : undefined,
    to: form.to ? dayStart(form.to, true) : undefined,
    action: form.action || undefined,
    actorId: form.actorId || undefined,
    targetType: target?.type,
    targetId: target?.id,
  };
}

/** /admin/audit: the append-only audit log (admins only) — filter, page, download, check the chain. */
export default function AuditPage() {
  const { t } = useTranslation();
  return (
    <AdminOnly refusal={t('audit.adminsOnly')}>
      <AuditLog />
    </AdminOnly>
  );
}

function AuditLog() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const audit = useMemo(() => auditApiOf(api), [api]);

  const [draft, setDraft] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<Form>(EMPTY);
  const [target, setTarget] = useState<{ type: string; id: string } | null>(null);
  const filter = useMemo(() => toFilter(applied, target), [applied, target]);

  const users = useAsync(() => audit.users(), [audit]);
  const names = useMemo(() => new Map(users.status === 'ok' ? users.data.map((u) => [u.id, u.name]) : []), [users]);
  const nameOf = useCallback((id: string) => names.get(id), [names]);
  const first = useAsync(() => audit.page(filter, null), [audit, filter]);
  // Later pages belong to the filter they were read with; a new filter starts again from its first page.
  const [later, setLater] = useState<{ filter: AuditFilter; items: AuditEntry[]; nextCursor: string | null } | null>(null);
  const more = later?.filter === filter ? later : null;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const [verify, setVerify] = useState<
    { status: 'idle' | 'running' } | { status: 'done'; result: AuditVerifyResult } | { status: 'error' }
  >({
    status: 'idle',
  });

  const when = useMemo(
    () => new Intl.DateTimeFormat(i18n.language === 'zh-Hant' ? 'zh-HK' : 'en-HK', { dateStyle: 'medium', timeStyle: 'medium' }),
    [i18n.language],
  );

  const loadMore = useCallback(async () => {
    const cursor = more?.nextCursor ?? (first.status === 'ok' ? first.data.nextCursor : null);
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await audit.page(filter, cursor);
      setLater({ filter, items: [...(more?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (err) {
      setMoreError(err);
    } finally {
      setLoadingMore(false);
    }
  }, [audit, filter, first, more]);

  const runVerify = async () => {
    setVerify({ status: 'running' });
    try {
      setVerify({ status: 'done', result: await audit.verify() });
    } catch {
      setVerify({ status: 'error' });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  const byActor = (actorId: string) => {
    setDraft((d) => ({ ...d, actorId }));
    setApplied((a) => ({ ...a, actorId }));
  };
  const clear = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setTarget(null);
  };
  const filtered = JSON.stringify(applied) !== JSON.stringify(EMPTY) || target !== null;
  const items = first.status === 'ok' ? [...first.data.items, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : first.status === 'ok' ? first.data.nextCursor : null;
  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: action });
  const targetTypeLabel = (type: string) => t(`audit.targetTypes.${type}`, { defaultValue: type });

  return (
    <main className="fl-main fl-audit">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('audit.title')}</h1>
          <p>{t('audit.intro')}</p>
        </div>
        <div className="fl-page-head__actions">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={runVerify} disabled={verify.status === 'running'}>
            {verify.status === 'running' ? t('audit.verify.running') : t('audit.verify.button')}
          </button>
          <a className="fl-btn fl-btn--secondary" href={audit.exportUrl(filter, 'csv')} download>
            {t('audit.export.csv')}
          </a>
          <a className="fl-btn fl-btn--secondary" href={audit.exportUrl(filter, 'xlsx')} download>
            {t('audit.export.xlsx')}
          </a>
        </div>
      </div>

      {verify.status === 'done' && <VerifyResult result={verify.result} format={(at) => when.format(new Date(at))} />}
      {verify.status === 'error' && (
        <div className="fl-alert fl-alert--error fl-audit__notice" role="alert">
          {t('audit.verify.failed')}
        </div>
      )}

      <form className="fl-card fl-audit__filters" onSubmit={submit} aria-label={t('audit.filters.label')}>
        <label className="fl-field">
          <span className="fl-label">{t('audit.filters.from')}</span>
          <input className="fl-input" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="fl-field">
          <span className="fl-label">{t('audit.filters.to')}</span>
          <input className="fl-input" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <label className="fl-field">
          <span className="fl-label">{t('audit.filters.action')}</span>
          <select className="fl-input" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t('audit.filters.anyAction')}</option>
            {ACTION_GROUPS.map((group) => (
              <optgroup key={group} label={t(`audit.groups.${group}`, { defaultValue: group })}>
                <option value={`${group}.`}>
                  {t('audit.filters.allIn', { group: t(`audit.groups.${group}`, { defaultValue: group }) })}
                </option>
                {AUDIT_ACTIONS.filter((a) => a.startsWith(`${group}.`)).map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label className="fl-field">
          <span className="fl-label">{t('audit.filters.actor')}</span>
          <select className="fl-input" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}>
            <option value="">{t('audit.filters.anyone')}</option>
            {users.status === 'ok' &&
              users.data.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            {draft.actorId && users.status === 'ok' && !users.data.some((u) => u.id === draft.actorId) && (
              <option value={draft.actorId}>{draft.actorId}</option>
            )}
          </select>
        </label>
        <div className="fl-audit__filter-actions">
          <button type="submit" className="fl-btn fl-btn--primary">
            {t('audit.filters.apply')}
          </button>
          {filtered && (
            <button type="button" className="fl-btn fl-btn--ghost" onClick={clear}>
              {t('audit.filters.clear')}
            </button>
          )}
        </div>
        {target && (
          <p className="fl-audit__target-filter">
            {t('audit.filters.target', { type: targetTypeLabel(target.type), id: target.id })}{' '}
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setTarget(null)}>
              {t('audit.filters.removeTarget')}
            </button>
          </p>
        )}
      </form>

      {first.status === 'loading' ? (
        <Loading />
      ) : first.status === 'error' ? (
        <ErrorState error={first.error} onRetry={first.reload} />
      ) : items.length === 0 ? (
        <div className="fl-state fl-card">
          <h2>{filtered ? t('audit.emptyFiltered') : t('audit.empty')}</h2>
        </div>
      ) : (
        <>
          <table className="fl-audit__table fl-card">
            <caption className="fl-visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.when')}</th>
                <th scope="col">{t('audit.columns.who')}</th>
                <th scope="col">{t('audit.columns.what')}</th>
                <th scope="col">{t('audit.columns.target')}</th>
                <th scope="col">{t('audit.columns.details')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => {
                const href = targetHref(entry);
                return (
                  <tr key={entry.seq}>
                    <td data-label={t('audit.columns.when')}>
                      <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
                      <span className="fl-audit__seq">#{entry.seq}</span>
                    </td>
                    <td data-label={t('audit.columns.who')}>
                      {entry.actorId ? (
                        <button
                          type="button"
                          className="fl-audit__link"
                          title={t('audit.filters.byThisPerson')}
                          onClick={() => byActor(entry.actorId!)}
                        >
                          {entry.actorName ?? entry.actorId}
                        </button>
                      ) : (
                        <span className="fl-audit__muted">{t('audit.system')}</span>
                      )}
                      {entry.ip && <span className="fl-audit__ip">{entry.ip}</span>}
                    </td>
                    <td data-label={t('audit.columns.what')}>
                      <span className="fl-audit__action">{actionLabel(entry.action)}</span>
                    </td>
                    <td data-label={t('audit.columns.target')}>
                      {entry.targetType ? (
                        <span className="fl-audit__target">
                          <span className="fl-badge">{targetTypeLabel(entry.targetType)}</span>{' '}
                          {entry.targetType === 'user' && entry.targetId && nameOf(entry.targetId) && (
                            <span className="fl-audit__name">{nameOf(entry.targetId)}</span>
                          )}
                          {entry.targetId &&
                            (href ? (
                              <Link to={href} className="fl-audit__id">
                                {entry.targetId}
                              </Link>
                            ) : (
                              <span className="fl-audit__id">{entry.targetId}</span>
                            ))}
                          {entry.targetId && (
                            <button
                              type="button"
                              className="fl-audit__link fl-audit__history"
                              onClick={() => setTarget({ type: entry.targetType!, id: entry.targetId! })}
                            >
                              {t('audit.filters.historyOf')}
                            </button>
                          )}
                        </span>
                      ) : (
                        <span className="fl-audit__muted">—</span>
                      )}
                    </td>
                    <td data-label={t('audit.columns.details')}>
                      <AuditDetails entry={entry} nameOf={nameOf} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {moreError !== null && <ErrorState error={moreError} onRetry={loadMore} />}
          {nextCursor && (
            <div className="fl-audit__more">
              <button type="button" className="fl-btn fl-btn--secondary" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? t('common.loading') : t('audit.more')}
              </button>
            </div>
          )}
        </>
      )}
    </main>
  );
}

function VerifyResult({ result, format }: { result: AuditVerifyResult; format: (at: string) => string }) {
  const { t } = useTranslation();
  if (result.ok) {
    return (
      <div className="fl-alert fl-alert--info fl-audit__notice fl-audit__verify--ok" role="status">
        <strong>{t('audit.verify.okTitle')}</strong>
        <p>{t('audit.verify.ok', { count: result.checked, at: format(result.checkedAt) })}</p>
      </div>
    );
  }
  return (
    <div className="fl-alert fl-alert--error fl-audit__notice" role="alert">
      <strong>{t('audit.verify.brokenTitle')}</strong>
      <p>{t(`audit.verify.${result.problem ?? 'content_changed'}`, { seq: result.brokenSeq, count: result.checked })}</p>
    </div>
  );
}

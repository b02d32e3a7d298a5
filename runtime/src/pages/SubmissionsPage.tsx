import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeForm } from '@formloom/schemas';
import { useApi } from '../api/ApiContext.tsx';
import type { Form, Submission, SubmissionPage } from '../api/types.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import { Link } from '../router/Router.tsx';
import { formTitle } from './formTitle.ts';
import { columnsFor } from './submissionColumns.ts';
import './SubmissionsPage.css';

export const PAGE_SIZE = 50;

export default function SubmissionsPage({ formId }: { formId: string }) {
  const api = useApi();
  const state = useAsync(() => Promise.all([api.getForm(formId), api.listSubmissions(formId, { limit: PAGE_SIZE })]), [api, formId]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  const [form, firstPage] = state.data;
  return <SubmissionsView key={form.id} form={form} firstPage={firstPage} />;
}

function SubmissionsView({ form, firstPage }: { form: Form; firstPage: SubmissionPage }) {
  const { t } = useTranslation();
  const api = useApi();
  const { locale } = useLocale();
  const [items, setItems] = useState<Submission[]>(firstPage.items);
  const [cursor, setCursor] = useState<string | null>(firstPage.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState(false);

  const columns = useMemo(() => {
    if (!form.published) return [];
    const doc = localizeForm(form.published.schema, form.published.uiSchema, locale);
    return columnsFor(doc.schema, doc.uiSchema, t, locale);
  }, [form, locale, t]);
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat(locale === 'zh-Hant' ? 'zh-Hant-HK' : 'en-HK', { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoadingMore(true);
    setMoreError(false);
    try {
      const page = await api.listSubmissions(form.id, { limit: PAGE_SIZE, cursor });
      // A submission can straddle pages if one arrives mid-paging; never show it twice.
      setItems((prev) => {
        const seen = new Set(prev.map((s) => s.id));
        return [...prev, ...page.items.filter((s) => !seen.has(s.id))];
      });
      setCursor(page.nextCursor);
    } catch {
      setMoreError(true);
    } finally {
      setLoadingMore(false);
    }
  }, [api, form.id, cursor]);

  const title = formTitle(form, locale);
  const formPath = `/f/${encodeURIComponent(form.id)}`;

  return (
    <main className="fl-main">
      <div className="fl-breadcrumb">
        <Link to={`/apps/${encodeURIComponent(form.appId)}`}>{t('fill.backToApp')}</Link>
      </div>
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{title}</h1>
          <p>{t('submissions.subtitle')}</p>
        </div>
        <div className="fl-page-head__actions">
          {form.published && (
            <Link className="fl-btn fl-btn--primary" to={formPath}>
              {t('submissions.fill')}
            </Link>
          )}
          <a className="fl-btn fl-btn--secondary" href={api.exportUrl(form.id, 'csv')} download>
            {t('submissions.downloadCsv')}
          </a>
          <a className="fl-btn fl-btn--secondary" href={api.exportUrl(form.id, 'xlsx')} download>
            {t('submissions.downloadExcel')}
          </a>
        </div>
      </div>

      {items.length === 0 ? (
        <div className="fl-card fl-state">
          <h2>{t('submissions.emptyTitle')}</h2>
          <p>{form.published ? t('submissions.empty') : t('fill.notPublished', { name: title })}</p>
        </div>
      ) : (
        <>
          <div className="fl-card fl-table-wrap">
            <table className="fl-table">
              <caption className="fl-visually-hidden">{t('submissions.caption', { name: title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('submissions.submittedAt')}</th>
                  <th scope="col">{t('submissions.submittedBy')}</th>
                  {columns.map((c) => (
                    <th scope="col" key={c.key}>
                      {c.title}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('submissions.submittedAt')} className="fl-table__when">
                      <time dateTime={s.createdAt}>{dateTime.format(new Date(s.createdAt))}</time>
                    </td>
                    <td data-label={t('submissions.submittedBy')}>{s.createdByName ?? t('submissions.anonymous')}</td>
                    {columns.map((c) => {
                      const text = c.format(s.data[c.key]);
                      return (
                        <td key={c.key} data-label={c.title} title={text.length > 40 ? text : undefined}>
                          {text || <span className="fl-table__empty">—</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="fl-table-foot">
            <span className="fl-table-foot__count">{t('submissions.showing', { count: items.length })}</span>
            {moreError && (
              <span className="fl-table-foot__error" role="alert">
                {t('submissions.loadMoreFailed')}
              </span>
            )}
            {cursor && (
              <button type="button" className="fl-btn fl-btn--secondary" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? t('common.loading') : t('submissions.loadMore')}
              </button>
            )}
          </div>
        </>
      )}
    </main>
  );
}

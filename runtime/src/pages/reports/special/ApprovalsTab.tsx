import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHART_COLORS, type ApprovalsReport, type Locale } from '@formloom/schemas';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { EChart } from '../../../reports/EChart.tsx';
import { Link } from '../../../router/Router.tsx';
import { dateTimeText, labelOf, numberFormat, Section, Stat, useSpecialReportsApi } from './common.tsx';
import './special.css';

/** An approval flow's figures: pending by approver, time per step (average and p90), outcomes, overdue tasks. */
export function ApprovalsTab({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useSpecialReportsApi();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const state = useAsync(() => api!.approvals(formId, range), [api, formId, range.from, range.to]);
  const set = (key: 'from' | 'to', value: string) => setRange((r) => ({ ...r, [key]: value || undefined }));
  return (
    <div className="fl-special" data-testid="special-approvals">
      <div className="fl-special__toolbar">
        <label className="fl-special__date">
          <span>{t('specialReports.approvals.from')}</span>
          <input className="fl-input" type="date" value={range.from ?? ''} max={range.to} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="fl-special__date">
          <span>{t('specialReports.approvals.to')}</span>
          <input className="fl-input" type="date" value={range.to ?? ''} min={range.from} onChange={(e) => set('to', e.target.value)} />
        </label>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.reload} />}
      {state.status === 'ok' && <Approvals report={state.data} locale={locale} />}
    </div>
  );
}

function Approvals({ report, locale }: { report: ApprovalsReport; locale: Locale }) {
  const { t } = useTranslation();
  const hours = numberFormat(locale, 1);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const pending = report.pendingByApprover.reduce((sum, p) => sum + p.pending, 0);
  const nodeOption = useMemo(
    () => ({
      color: CHART_COLORS,
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('specialReports.approvals.hoursUnit') },
      yAxis: { type: 'category', data: report.nodes.map((n) => labelOf(n.name, locale, n.nodeId)), inverse: true },
      series: [
        { type: 'bar', name: t('specialReports.approvals.average'), data: report.nodes.map((n) => n.averageHours) },
        { type: 'bar', name: t('specialReports.approvals.p90'), data: report.nodes.map((n) => n.p90Hours) },
      ],
    }),
    [report, locale, t],
  );
  const rate = (r: number | null) => (r === null ? '—' : percent.format(r));

  return (
    <>
      <dl className="fl-special__stats">
        <Stat label={t('specialReports.approvals.pending')} value={pending} />
        <Stat
          label={t('specialReports.approvals.overdue')}
          value={report.overdue.length}
          tone={report.overdue.length ? 'alert' : undefined}
        />
        <Stat label={t('specialReports.approvals.approvalRate')} value={rate(report.outcomes.approvalRate)} />
        <Stat label={t('specialReports.approvals.rejectionRate')} value={rate(report.outcomes.rejectionRate)} />
      </dl>
      <div className="fl-report-grid">
        <Section title={t('specialReports.approvals.overdueTasks', { count: report.overdue.length })} wide>
          {report.overdue.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.approvals.noOverdue')}</p>
          ) : (
            <ul className="fl-special__people">
              {report.overdue.map((o) => (
                <li key={o.taskId} className="fl-special__person">
                  <Link className="fl-special__person-name" to={`/r/${encodeURIComponent(o.submissionId)}`}>
                    {o.name}
                  </Link>
                  <span className="fl-special__meta">{labelOf(o.nodeName, locale, o.nodeId)}</span>
                  <span className="fl-special__tags">
                    <span className="fl-special__tag fl-special__tag--alert">
                      {t('specialReports.approvals.dueAt', { time: dateTimeText(o.dueAt, locale) })}
                    </span>
                    {o.since && (
                      <span className="fl-special__tag">
                        {t('specialReports.approvals.since', { time: dateTimeText(o.since, locale) })}
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('specialReports.approvals.byApprover')}>
          {report.pendingByApprover.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.approvals.nothingPending')}</p>
          ) : (
            <ul className="fl-special__people">
              {report.pendingByApprover.map((p) => (
                <li key={p.userId} className="fl-special__person">
                  <span className="fl-special__person-name">{p.name}</span>
                  <span className="fl-special__meta">
                    {p.oldestSince && t('specialReports.approvals.oldest', { time: dateTimeText(p.oldestSince, locale) })}
                  </span>
                  <span className="fl-special__tags">
                    <span className="fl-special__tag">{t('specialReports.approvals.tasks', { count: p.pending })}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('specialReports.approvals.outcomes')}>
          <table className="fl-special__table fl-special__table--compact">
            <tbody>
              {Object.entries(report.outcomes.byStatus).map(([status, count]) => (
                <tr key={status}>
                  <th scope="row">{t(`specialReports.approvals.status.${status}`, { defaultValue: status })}</th>
                  <td>{count}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('specialReports.approvals.total')}</th>
                <td>{report.outcomes.total}</td>
              </tr>
            </tfoot>
          </table>
        </Section>
        <Section title={t('specialReports.approvals.timePerStep')} wide>
          {report.nodes.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.approvals.noActed')}</p>
          ) : (
            <>
              <EChart
                option={nodeOption}
                height={Math.max(160, 36 + 56 * report.nodes.length)}
                label={t('specialReports.approvals.timePerStep')}
              />
              <div className="fl-special__scroll">
                <table className="fl-special__table">
                  <thead>
                    <tr>
                      <th scope="col">{t('specialReports.approvals.step')}</th>
                      <th scope="col">{t('specialReports.approvals.acted')}</th>
                      <th scope="col">{t('specialReports.approvals.average')}</th>
                      <th scope="col">{t('specialReports.approvals.p90')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.nodes.map((n) => (
                      <tr key={n.nodeId}>
                        <th scope="row">{labelOf(n.name, locale, n.nodeId)}</th>
                        <td>{n.acted}</td>
                        <td>{t('specialReports.approvals.hours', { value: hours.format(n.averageHours) })}</td>
                        <td>{t('specialReports.approvals.hours', { value: hours.format(n.p90Hours) })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Section>
      </div>
    </>
  );
}

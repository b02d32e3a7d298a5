import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthReport, Locale } from '@formloom/schemas';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { EChart } from '../../../reports/EChart.tsx';
import { Link } from '../../../router/Router.tsx';
import { downloadBlob } from '../../../reports/download.ts';
import { dailyOption, labelOf, numberFormat, Section, Stat, todayInHongKong, useSpecialReportsApi } from './common.tsx';
import './special.css';

/** The health declaration day: figures, per department, who to follow up, who has not declared, the 30-day trend, export. */
export function HealthTab({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const api = useSpecialReportsApi();
  const [date, setDate] = useState(() => todayInHongKong());
  const state = useAsync(() => api!.health(formId, date), [api, formId, date]);
  const [exportFailed, setExportFailed] = useState(false);

  async function exportDay(format: 'csv' | 'xlsx') {
    setExportFailed(false);
    try {
      downloadBlob(await api!.healthExport(formId, date, format, locale), `health-${date}.${format}`);
    } catch {
      setExportFailed(true);
    }
  }

  return (
    <div className="fl-special" data-testid="special-health">
      <div className="fl-special__toolbar">
        <label className="fl-special__date">
          <span>{t('specialReports.health.date')}</span>
          <input
            className="fl-input"
            type="date"
            value={date}
            max={todayInHongKong()}
            onChange={(e) => e.target.value && setDate(e.target.value)}
          />
        </label>
        <div className="fl-special__exports">
          <button type="button" className="fl-btn fl-btn--secondary" onClick={() => exportDay('csv')}>
            {t('specialReports.export.csv')}
          </button>
          <button type="button" className="fl-btn fl-btn--secondary" onClick={() => exportDay('xlsx')}>
            {t('specialReports.export.xlsx')}
          </button>
        </div>
      </div>
      {exportFailed && (
        <p className="fl-alert fl-alert--error" role="alert">
          {t('specialReports.export.failed')}
        </p>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.reload} />}
      {state.status === 'ok' && <HealthDay report={state.data} locale={locale} />}
    </div>
  );
}

function HealthDay({ report, locale }: { report: HealthReport; locale: Locale }) {
  const { t } = useTranslation();
  const n = numberFormat(locale, 1);
  const { totals, scheduled } = report;
  const dash = '—';
  const department = (id: string | null) =>
    labelOf(report.departments.find((d) => d.departmentId === id)?.name, locale, t('specialReports.health.noDepartment'));
  const symptomText = (values: string[]) =>
    values.map((v) => labelOf(report.symptomLabels[v], locale, v)).join(locale === 'zh-Hant' ? '、' : ', ');
  const trendOption = useMemo(() => {
    const dates = report.trend.map((d) => d.date);
    return dailyOption(dates, [
      ...(scheduled ? [{ name: t('specialReports.health.expected'), data: report.trend.map((d) => d.expected ?? 0) }] : []),
      { name: t('specialReports.health.declared'), data: report.trend.map((d) => d.declared) },
      ...(scheduled ? [{ name: t('specialReports.health.late'), data: report.trend.map((d) => d.late ?? 0) }] : []),
      { name: t('specialReports.health.withSymptoms'), data: report.trend.map((d) => d.withSymptoms) },
      { name: t('specialReports.health.fever', { from: report.feverFrom }), data: report.trend.map((d) => d.fever) },
    ]);
  }, [report, scheduled, t]);

  return (
    <>
      {!scheduled && <p className="fl-special__note">{t('specialReports.health.noSchedule')}</p>}
      <dl className="fl-special__stats">
        <Stat label={t('specialReports.health.expected')} value={totals.expected ?? dash} />
        <Stat label={t('specialReports.health.declared')} value={totals.declared} />
        <Stat
          label={t('specialReports.health.notDeclared')}
          value={totals.notDeclared ?? dash}
          tone={totals.notDeclared ? 'warn' : undefined}
        />
        <Stat label={t('specialReports.health.late')} value={totals.late ?? dash} tone={totals.late ? 'warn' : undefined} />
        <Stat
          label={t('specialReports.health.withSymptoms')}
          value={totals.withSymptoms}
          tone={totals.withSymptoms ? 'alert' : undefined}
        />
        <Stat
          label={t('specialReports.health.fever', { from: report.feverFrom })}
          value={totals.fever}
          tone={totals.fever ? 'alert' : undefined}
        />
      </dl>

      <div className="fl-report-grid">
        <Section title={t('specialReports.health.followUp', { count: report.followUp.length })} wide>
          {report.followUp.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.health.nobodyToFollowUp')}</p>
          ) : (
            <ul className="fl-special__people">
              {report.followUp.map((f) => (
                <li key={f.submissionId} className="fl-special__person">
                  <Link className="fl-special__person-name" to={`/r/${encodeURIComponent(f.submissionId)}`}>
                    {f.name}
                  </Link>
                  <span className="fl-special__meta">{department(f.departmentId)}</span>
                  <span className="fl-special__tags">
                    {f.temperature !== null && (
                      <span className={`fl-special__tag${f.fever ? ' fl-special__tag--alert' : ''}`}>{n.format(f.temperature)} °C</span>
                    )}
                    {f.symptoms.length > 0 && <span className="fl-special__tag fl-special__tag--warn">{symptomText(f.symptoms)}</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t('specialReports.health.byDepartment')} wide>
          {report.departments.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.health.nothingThisDay')}</p>
          ) : (
            <>
              {/* Phones get one card per department: seven columns do not fit 360 px. */}
              <ul className="fl-special__dept-cards">
                {report.departments.map((d) => (
                  <li key={d.departmentId ?? 'none'} className="fl-special__dept-card">
                    <h3>{labelOf(d.name, locale, t('specialReports.health.noDepartment'))}</h3>
                    <dl>
                      {(
                        [
                          ['expected', d.expected, undefined],
                          ['declared', d.declared, undefined],
                          ['notDeclared', d.notDeclared, 'is-warn'],
                          ['late', d.late, 'is-warn'],
                          ['withSymptoms', d.withSymptoms, 'is-alert'],
                          ['feverShort', d.fever, 'is-alert'],
                        ] as const
                      ).map(([key, value, tone]) => (
                        <div key={key} className={value && tone ? tone : undefined}>
                          <dt>{t(`specialReports.health.${key}`)}</dt>
                          <dd>{value ?? dash}</dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                ))}
              </ul>
              <div className="fl-special__scroll fl-special__dept-table">
                <table className="fl-special__table">
                  <thead>
                    <tr>
                      <th scope="col">{t('specialReports.health.department')}</th>
                      <th scope="col">{t('specialReports.health.expected')}</th>
                      <th scope="col">{t('specialReports.health.declared')}</th>
                      <th scope="col">{t('specialReports.health.notDeclared')}</th>
                      <th scope="col">{t('specialReports.health.late')}</th>
                      <th scope="col">{t('specialReports.health.withSymptoms')}</th>
                      <th scope="col">{t('specialReports.health.feverShort')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.departments.map((d) => (
                      <tr key={d.departmentId ?? 'none'}>
                        <th scope="row">{labelOf(d.name, locale, t('specialReports.health.noDepartment'))}</th>
                        <td>{d.expected ?? dash}</td>
                        <td>{d.declared}</td>
                        <td className={d.notDeclared ? 'is-warn' : undefined}>{d.notDeclared ?? dash}</td>
                        <td className={d.late ? 'is-warn' : undefined}>{d.late ?? dash}</td>
                        <td className={d.withSymptoms ? 'is-alert' : undefined}>{d.withSymptoms}</td>
                        <td className={d.fever ? 'is-alert' : undefined}>{d.fever}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Section>

        {scheduled && (
          <Section title={t('specialReports.health.notDeclaredNames', { count: report.notDeclared.length })}>
            {report.notDeclared.length === 0 ? (
              <p className="fl-special__empty">{t('specialReports.health.everyoneDeclared')}</p>
            ) : (
              <ul className="fl-special__people">
                {report.notDeclared.map((p) => (
                  <li key={p.userId} className="fl-special__person">
                    <span className="fl-special__person-name">{p.name}</span>
                    <span className="fl-special__meta">{department(p.departmentId)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}
        {scheduled && (
          <Section title={t('specialReports.health.lateNames', { count: report.late.length })}>
            {report.late.length === 0 ? (
              <p className="fl-special__empty">{t('specialReports.health.nobodyLate')}</p>
            ) : (
              <ul className="fl-special__people">
                {report.late.map((p) => (
                  <li key={p.userId} className="fl-special__person">
                    <span className="fl-special__person-name">{p.name}</span>
                    <span className="fl-special__meta">{department(p.departmentId)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        )}

        <Section title={t('specialReports.health.trend')} wide>
          <EChart option={trendOption} height={260} label={t('specialReports.health.trendLabel', { date: report.date })} />
        </Section>
      </div>
    </>
  );
}

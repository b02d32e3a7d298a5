import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHART_COLORS, type InventoryReport, type Locale, type StockItem, type StockZone } from '@formloom/schemas';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { EChart } from '../../../reports/EChart.tsx';
import { dailyOption, moneyFormat, numberFormat, Section, Stat, useSpecialReportsApi } from './common.tsx';
import './special.css';

const MOVEMENT_TYPES = ['receive', 'issue', 'transfer', 'count'] as const;

const itemName = (item: StockItem, unknown: string) => item.label ?? item.sku ?? unknown;
const zoneName = (zone: StockZone, locale: Locale) => (locale === 'zh-Hant' && zone.name['zh-Hant']) || zone.label;

/** The stock ledger's report: stock value, value per zone, low stock, on-hand per item and zone, movements per day. */
export function InventoryTab({ formId }: { formId: string }) {
  const api = useSpecialReportsApi();
  const { locale } = useLocale();
  const state = useAsync(() => api!.inventory(formId), [api, formId]);
  return (
    <div className="fl-special" data-testid="special-inventory">
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.reload} />}
      {state.status === 'ok' && <Inventory report={state.data} locale={locale} />}
    </div>
  );
}

function Inventory({ report, locale }: { report: InventoryReport; locale: Locale }) {
  const { t } = useTranslation();
  const money = moneyFormat(locale);
  const qty = numberFormat(locale);
  const unknown = t('specialReports.inventory.unknownItem');
  const movementOption = useMemo(() => {
    const dates = [...new Set(report.movements.map((m) => m.date))].sort();
    const types = MOVEMENT_TYPES.filter((type) => report.movements.some((m) => m.movementType === type));
    return dailyOption(
      dates,
      types.map((type) => ({
        type: 'bar' as const,
        stack: 'moves',
        name: t(`specialReports.inventory.types.${type}`),
        data: dates.map((d) => report.movements.find((m) => m.date === d && m.movementType === type)?.movements ?? 0),
      })),
    );
  }, [report, t]);
  const zoneOption = useMemo(
    () => ({
      color: CHART_COLORS,
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: report.value.byZone.map((z) => zoneName(z.zone, locale)), inverse: true },
      series: [{ type: 'bar', name: t('specialReports.inventory.value'), data: report.value.byZone.map((z) => z.value) }],
    }),
    [report, locale, t],
  );

  return (
    <>
      <dl className="fl-special__stats">
        <Stat label={t('specialReports.inventory.totalValue')} value={money.format(report.value.total)} />
        <Stat
          label={t('specialReports.inventory.lowStockCount')}
          value={report.lowStock.length}
          tone={report.lowStock.length ? 'warn' : undefined}
        />
        <Stat label={t('specialReports.inventory.levels')} value={report.levels.length} />
        <Stat
          label={t('specialReports.inventory.unpriced')}
          value={report.value.unpriced}
          hint={report.value.unpriced ? t('specialReports.inventory.unpricedHint') : undefined}
        />
      </dl>
      <div className="fl-report-grid">
        <Section title={t('specialReports.inventory.lowStock')}>
          {report.lowStock.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.inventory.noLowStock')}</p>
          ) : (
            <ul className="fl-special__people">
              {report.lowStock.map((l) => (
                <li key={l.item.id} className="fl-special__person">
                  <span className="fl-special__person-name">{itemName(l.item, unknown)}</span>
                  <span className="fl-special__meta">{l.item.sku}</span>
                  <span className="fl-special__tags">
                    <span className="fl-special__tag fl-special__tag--warn">
                      {t('specialReports.inventory.onHandOf', { onHand: qty.format(l.onHand), point: qty.format(l.reorderPoint) })}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('specialReports.inventory.valueByZone')}>
          {report.value.byZone.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.inventory.noStock')}</p>
          ) : (
            <EChart
              option={zoneOption}
              height={Math.max(140, 44 * report.value.byZone.length)}
              label={t('specialReports.inventory.valueByZone')}
            />
          )}
        </Section>
        <Section title={t('specialReports.inventory.movements')} wide>
          {report.movements.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.inventory.noMovements')}</p>
          ) : (
            <EChart option={movementOption} height={240} label={t('specialReports.inventory.movements')} />
          )}
        </Section>
        <Section title={t('specialReports.inventory.onHand')} wide>
          {report.levels.length === 0 ? (
            <p className="fl-special__empty">{t('specialReports.inventory.noStock')}</p>
          ) : (
            <>
              {/* Phones get a list: five columns do not fit 360 px. */}
              <ul className="fl-special__people fl-special__dept-cards">
                {report.levels.map((l) => (
                  <li key={`${l.item.id}|${l.zone.id}`} className="fl-special__person">
                    <span className="fl-special__person-name">{itemName(l.item, unknown)}</span>
                    <span className="fl-special__meta">{zoneName(l.zone, locale)}</span>
                    <span className="fl-special__tags">
                      <span className="fl-special__tag">{qty.format(l.onHand)}</span>
                      {l.value !== null && <span className="fl-special__tag">{money.format(l.value)}</span>}
                    </span>
                  </li>
                ))}
                <li className="fl-special__person">
                  <span className="fl-special__person-name">{t('specialReports.inventory.totalValue')}</span>
                  <span className="fl-special__tags">
                    <span className="fl-special__tag">{money.format(report.value.total)}</span>
                  </span>
                </li>
              </ul>
              <div className="fl-special__scroll fl-special__dept-table">
                <table className="fl-special__table">
                  <thead>
                    <tr>
                      <th scope="col">{t('specialReports.inventory.item')}</th>
                      <th scope="col" className="fl-special__text">
                        {t('specialReports.inventory.zone')}
                      </th>
                      <th scope="col">{t('specialReports.inventory.onHandColumn')}</th>
                      <th scope="col">{t('specialReports.inventory.unitPrice')}</th>
                      <th scope="col">{t('specialReports.inventory.value')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.levels.map((l) => (
                      <tr key={`${l.item.id}|${l.zone.id}`}>
                        <th scope="row">
                          {itemName(l.item, unknown)}
                          {l.item.sku && <span className="fl-special__meta"> {l.item.sku}</span>}
                        </th>
                        <td className="fl-special__text">{zoneName(l.zone, locale)}</td>
                        <td>{qty.format(l.onHand)}</td>
                        <td>{l.unitPrice === null ? '—' : money.format(l.unitPrice)}</td>
                        <td>{l.value === null ? '—' : money.format(l.value)}</td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={4}>
                        {t('specialReports.inventory.totalValue')}
                      </th>
                      <td>{money.format(report.value.total)}</td>
                    </tr>
                  </tfoot>
                </table>
              </div>
            </>
          )}
        </Section>
      </div>
    </>
  );
}

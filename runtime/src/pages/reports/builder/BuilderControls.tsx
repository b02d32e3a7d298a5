import {
  CHART_TYPES,
  DATE_BUCKETS,
  MEASURE_OPS,
  REPORT_LIMITS,
  type DateBucket,
  type MeasureOp,
  type ReportDefinition,
  type ReportDimension,
  type ReportMeasure,
} from '@formloom/schemas';
import { useTranslation } from 'react-i18next';
import { columnIds } from './definition.ts';
import { canGroupBy, chartFits, isDateKind, opAccepts, type ReportField } from './reportFields.ts';
import { Field } from './Field.tsx';

interface Props {
  definition: ReportDefinition;
  fields: ReportField[];
  onChange: (next: ReportDefinition) => void;
}

/** What to group by: up to three fields, dates with their calendar bucket. */
export function DimensionsEditor({ definition, fields, onChange }: Props) {
  const { t } = useTranslation();
  const groupable = fields.filter((f) => canGroupBy(f.kind));
  const set = (i: number, dim: ReportDimension | null) => {
    const dimensions = definition.dimensions.flatMap((d, at) => (at !== i ? [d] : dim ? [dim] : []));
    onChange({ ...definition, dimensions });
  };
  const kindOf = (id: string) => fields.find((f) => f.id === id)?.kind;
  const withField = (id: string, old?: ReportDimension): ReportDimension => {
    const kind = kindOf(id);
    const bucket = kind && isDateKind(kind) ? (old?.bucket ?? 'day') : undefined;
    return bucket ? { field: id, bucket } : { field: id };
  };
  return (
    <fieldset className="fl-rb-group">
      <legend className="fl-rb-group__title">{t('reportBuilder.dimensions.title')}</legend>
      {definition.dimensions.length === 0 && <p className="fl-rb-hint">{t('reportBuilder.dimensions.none')}</p>}
      {definition.dimensions.map((dim, i) => {
        const kind = kindOf(dim.field);
        return (
          <div className="fl-rb-row" key={i} data-dimension={i}>
            <Field label={t('reportBuilder.dimensions.field', { n: i + 1 })} className="fl-rb-row__main">
              {(id) => (
                <select id={id} className="fl-input" value={dim.field} onChange={(e) => set(i, withField(e.target.value, dim))}>
                  {!kind && <option value={dim.field}>{dim.field}</option>}
                  {groupable.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {kind && isDateKind(kind) && (
              <Field label={t('reportBuilder.dimensions.bucket')}>
                {(id) => (
                  <select
                    id={id}
                    className="fl-input"
                    value={dim.bucket ?? 'day'}
                    onChange={(e) => set(i, { ...dim, bucket: e.target.value as DateBucket })}
                  >
                    {DATE_BUCKETS.map((b) => (
                      <option key={b} value={b}>
                        {t(`reportBuilder.bucket.${b}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            <button
              type="button"
              className="fl-btn fl-btn--ghost fl-rb-row__remove"
              aria-label={t('reportBuilder.dimensions.remove', { n: i + 1 })}
              onClick={() => set(i, null)}
            >
              ×
            </button>
          </div>
        );
      })}
      {definition.dimensions.length < REPORT_LIMITS.maxDimensions && groupable.length > 0 && (
        <button
          type="button"
          className="fl-btn fl-btn--secondary"
          onClick={() => {
            const used = new Set(definition.dimensions.map((d) => d.field));
            const next = groupable.find((f) => !used.has(f.id)) ?? groupable[0]!;
            // A single figure (a number card's limit of 1) would cut the first grouping to one row.
            const limit = definition.dimensions.length === 0 && definition.limit < 2 ? REPORT_LIMITS.defaultRows : definition.limit;
            onChange({ ...definition, limit, dimensions: [...definition.dimensions, withField(next.id)] });
          }}
        >
          {t('reportBuilder.dimensions.add')}
        </button>
      )}
    </fieldset>
  );
}

/** What to compute per group: count, or an op over a field it accepts. */
export function MeasuresEditor({ definition, fields, onChange }: Props) {
  const { t } = useTranslation();
  const set = (i: number, measure: ReportMeasure | null) => {
    const measures = definition.measures.flatMap((m, at) => (at !== i ? [m] : measure ? [measure] : []));
    onChange({ ...definition, measures });
  };
  const withOp = (op: MeasureOp, old: ReportMeasure): ReportMeasure => {
    if (op === 'count') return { op };
    const kind = fields.find((f) => f.id === old.field)?.kind;
    const field = kind && opAccepts(op, kind) ? old.field : fields.find((f) => opAccepts(op, f.kind))?.id;
    return field ? { op, field } : { op: 'count' };
  };
  return (
    <fieldset className="fl-rb-group">
      <legend className="fl-rb-group__title">{t('reportBuilder.measures.title')}</legend>
      {definition.measures.map((measure, i) => {
        const accepting = fields.filter((f) => opAccepts(measure.op, f.kind));
        return (
          <div className="fl-rb-row" key={i} data-measure={i}>
            <Field label={t('reportBuilder.measures.op', { n: i + 1 })}>
              {(id) => (
                <select
                  id={id}
                  className="fl-input"
                  value={measure.op}
                  onChange={(e) => set(i, withOp(e.target.value as MeasureOp, measure))}
                >
                  {MEASURE_OPS.filter((op) => op === 'count' || fields.some((f) => opAccepts(op, f.kind))).map((op) => (
                    <option key={op} value={op}>
                      {t(`reportBuilder.op.${op}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {measure.op !== 'count' && (
              <Field label={t('reportBuilder.measures.field', { n: i + 1 })} className="fl-rb-row__main">
                {(id) => (
                  <select
                    id={id}
                    className="fl-input"
                    value={measure.field ?? ''}
                    onChange={(e) => set(i, { op: measure.op, field: e.target.value })}
                  >
                    {accepting.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {definition.measures.length > 1 && (
              <button
                type="button"
                className="fl-btn fl-btn--ghost fl-rb-row__remove"
                aria-label={t('reportBuilder.measures.remove', { n: i + 1 })}
                onClick={() => set(i, null)}
              >
                ×
              </button>
            )}
          </div>
        );
      })}
      {definition.measures.length < REPORT_LIMITS.maxMeasures && (
        <button
          type="button"
          className="fl-btn fl-btn--secondary"
          onClick={() => onChange({ ...definition, measures: [...definition.measures, { op: 'count' }] })}
        >
          {t('reportBuilder.measures.add')}
        </button>
      )}
    </fieldset>
  );
}

/** The chart type as a row of toggle buttons; types that cannot draw this shape are disabled with a reason. */
export function ChartPicker({ definition, fields, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset className="fl-rb-group">
      <legend className="fl-rb-group__title">{t('reportBuilder.chart.title')}</legend>
      <div className="fl-rb-charts" role="group">
        {CHART_TYPES.map((type) => {
          const fits = chartFits(type, definition, fields);
          const on = definition.chart.type === type;
          return (
            <button
              key={type}
              type="button"
              className={`fl-rb-chart${on ? ' fl-rb-chart--on' : ''}`}
              aria-pressed={on}
              disabled={!fits}
              title={fits ? undefined : t(`reportBuilder.chart.needs.${type}`)}
              onClick={() => onChange({ ...definition, chart: { ...definition.chart, type } })}
            >
              {t(`reportBuilder.chart.${type}`)}
            </button>
          );
        })}
      </div>
      {(definition.chart.type === 'bar' || definition.chart.type === 'line') && definition.dimensions.length === 2 && (
        <label className="fl-check">
          <input
            type="checkbox"
            checked={definition.chart.stacked ?? false}
            onChange={(e) => onChange({ ...definition, chart: { ...definition.chart, stacked: e.target.checked } })}
          />
          <span>{t('reportBuilder.chart.stacked')}</span>
        </label>
      )}
    </fieldset>
  );
}

/** Sort by one column (a dimension or a measure) and the row limit. */
export function SortAndLimit({ definition, fields, onChange }: Props) {
  const { t } = useTranslation();
  const ids = columnIds(definition);
  const name = (field: string | undefined) => fields.find((f) => f.id === field)?.label ?? field ?? '';
  const options = [
    ...definition.dimensions.map((d, i) => ({ id: ids.dimensions[i]!, label: name(d.field) })),
    ...definition.measures.map((m, i) => ({
      id: ids.measures[i]!,
      label: m.op === 'count' ? t('reportBuilder.op.count') : `${t(`reportBuilder.op.${m.op}`)} · ${name(m.field)}`,
    })),
  ];
  const sort = definition.sort[0];
  return (
    <fieldset className="fl-rb-group fl-rb-group--inline">
      <legend className="fl-rb-group__title">{t('reportBuilder.sort.title')}</legend>
      <Field label={t('reportBuilder.sort.column')}>
        {(id) => (
          <select
            id={id}
            className="fl-input"
            value={sort?.column ?? ''}
            onChange={(e) =>
              onChange({ ...definition, sort: e.target.value ? [{ column: e.target.value, descending: sort?.descending ?? true }] : [] })
            }
          >
            <option value="">{t('reportBuilder.sort.default')}</option>
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {sort && (
        <Field label={t('reportBuilder.sort.direction')}>
          {(id) => (
            <select
              id={id}
              className="fl-input"
              value={sort.descending ? 'desc' : 'asc'}
              onChange={(e) => onChange({ ...definition, sort: [{ column: sort.column, descending: e.target.value === 'desc' }] })}
            >
              <option value="asc">{t('reportBuilder.sort.asc')}</option>
              <option value="desc">{t('reportBuilder.sort.desc')}</option>
            </select>
          )}
        </Field>
      )}
      <Field label={t('reportBuilder.limit')}>
        {(id) => (
          <input
            id={id}
            className="fl-input"
            type="number"
            min={1}
            max={REPORT_LIMITS.maxRows}
            value={definition.limit}
            onChange={(e) => {
              const n = Math.round(Number(e.target.value));
              if (Number.isFinite(n) && n >= 1) onChange({ ...definition, limit: Math.min(n, REPORT_LIMITS.maxRows) });
            }}
          />
        )}
      </Field>
    </fieldset>
  );
}

/** The title in both languages (digests and dashboards show the reader's). */
export function TitleEditor({ definition, onChange }: Omit<Props, 'fields'>) {
  const { t } = useTranslation();
  const title = definition.title ?? { en: '', 'zh-Hant': '' };
  const set = (lang: 'en' | 'zh-Hant', text: string) => {
    const next = { ...title, [lang]: text };
    onChange({ ...definition, title: next.en || next['zh-Hant'] ? next : undefined });
  };
  return (
    <fieldset className="fl-rb-group fl-rb-group--inline">
      <legend className="fl-rb-group__title">{t('reportBuilder.title.title')}</legend>
      <Field label={t('reportBuilder.title.en')}>
        {(id) => (
          <input id={id} className="fl-input" lang="en" maxLength={200} value={title.en} onChange={(e) => set('en', e.target.value)} />
        )}
      </Field>
      <Field label={t('reportBuilder.title.zh')}>
        {(id) => (
          <input
            id={id}
            className="fl-input"
            lang="zh-Hant-HK"
            maxLength={200}
            value={title['zh-Hant']}
            onChange={(e) => set('zh-Hant', e.target.value)}
          />
        )}
      </Field>
    </fieldset>
  );
}

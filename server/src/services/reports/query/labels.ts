/**
 * The words of a result: each column's bilingual label (given, or derived from the field title and
 * the op), and display names of the coded values that actually appear in the rows (option titles,
 * yes/no, people, departments, statuses).
 */
import type { DateBucket, MeasureOp, ReportCell, ReportColumn, ReportLabel } from '@formloom/schemas';
import type { Db } from '../../../repositories/types.ts';
import type { CheckedDimension, CheckedMeasure } from './definition.ts';
import { STATUS_LABELS, type ReportableField } from './fields.ts';

const BUCKET_WORDS: Record<DateBucket, ReportLabel> = {
  day: { en: 'by day', 'zh-Hant': '按日' },
  week: { en: 'by week', 'zh-Hant': '按週' },
  month: { en: 'by month', 'zh-Hant': '按月' },
  year: { en: 'by year', 'zh-Hant': '按年' },
};

const MEASURE_WORDS: Record<MeasureOp, (title: ReportLabel) => ReportLabel> = {
  count: (t) => ({ en: `Count of ${t.en}`, 'zh-Hant': `${t['zh-Hant']}數量` }),
  sum: (t) => ({ en: `Sum of ${t.en}`, 'zh-Hant': `${t['zh-Hant']}總和` }),
  avg: (t) => ({ en: `Average of ${t.en}`, 'zh-Hant': `${t['zh-Hant']}平均值` }),
  min: (t) => ({ en: `Minimum of ${t.en}`, 'zh-Hant': `${t['zh-Hant']}最小值` }),
  max: (t) => ({ en: `Maximum of ${t.en}`, 'zh-Hant': `${t['zh-Hant']}最大值` }),
  countDistinct: (t) => ({ en: `Distinct ${t.en}`, 'zh-Hant': `${t['zh-Hant']}不同值數量` }),
};

export function dimensionColumn(dimension: CheckedDimension): ReportColumn {
  const { field, bucket } = dimension;
  const title = field.title;
  const derived = bucket
    ? { en: `${title.en} (${BUCKET_WORDS[bucket].en})`, 'zh-Hant': `${title['zh-Hant']}（${BUCKET_WORDS[bucket]['zh-Hant']}）` }
    : title;
  // A multi-select's values are its options' texts; a bucket is the date of its first day.
  const type = bucket ? 'date' : field.kind === 'list' ? 'text' : field.valueType;
  return { id: dimension.id, role: 'dimension', label: dimension.label ?? derived, type, ...(bucket ? { bucket } : {}) };
}

export function measureColumn(measure: CheckedMeasure): ReportColumn {
  const { field, op } = measure;
  const derived = field ? MEASURE_WORDS[op](field.title) : { en: 'Count', 'zh-Hant': '數量' };
  const type = !field || op === 'count' || op === 'countDistinct' ? 'number' : field.valueType;
  return { id: measure.id, role: 'measure', label: measure.label ?? derived, type };
}

/** Up to 10,000 groups: ids are looked up in slices that stay under SQLite's limit on bound values. */
function chunks(values: string[], size = 500): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Labels for the values in column `index` of the rows, by their text. */
async function labelsFor(db: Db, field: ReportableField, values: string[]): Promise<Record<string, ReportLabel>> {
  const labels: Record<string, ReportLabel> = {};
  if (values.length === 0) return labels;
  if (field.valueType === 'person') {
    for (const ids of chunks(values)) {
      const people: { id: string; name: string }[] = await db('users').select('id', 'name').whereIn('id', ids);
      for (const p of people) labels[p.id] = { en: p.name, 'zh-Hant': p.name };
    }
  } else if (field.valueType === 'department') {
    for (const ids of chunks(values)) {
      const departments: { id: string; name: string; name_zh: string | null }[] = await db('departments')
        .select('id', 'name', 'name_zh')
        .whereIn('id', ids);
      for (const d of departments) labels[d.id] = { en: d.name, 'zh-Hant': d.name_zh || d.name };
    }
  } else if (field.valueType === 'status') {
    for (const v of values) if (STATUS_LABELS[v]) labels[v] = STATUS_LABELS[v];
  } else {
    for (const v of values) {
      const option = field.options.get(v);
      if (option) labels[v] = option;
    }
  }
  return labels;
}

/** Display names per dimension column id, only for values present in `rows` (bucketed dates need none). */
export async function valueLabels(
  db: Db,
  dimensions: CheckedDimension[],
  rows: ReportCell[][],
): Promise<Record<string, Record<string, ReportLabel>>> {
  const result: Record<string, Record<string, ReportLabel>> = {};
  await Promise.all(
    dimensions.map(async (dimension, index) => {
      if (dimension.bucket) return;
      const values = [
        ...new Set(
          rows
            .map((row) => row[index])
            .filter((v) => v !== null)
            .map(String),
        ),
      ];
      const labels = await labelsFor(db, dimension.field, values);
      if (Object.keys(labels).length) result[dimension.id] = labels;
    }),
  );
  return result;
}

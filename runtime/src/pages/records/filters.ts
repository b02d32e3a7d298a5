// Column filters: what a person sets in a column's filter editor (a draft) and the API's filter clauses,
// both ways, so a saved view's filter opens in the same editor it was made with.
import type { TFunction } from 'i18next';
import type { FilterClause } from '../../api/records.ts';
import type { Column } from '../submissionColumns.ts';

export type TextOp = 'contains' | 'eq' | 'empty' | 'notEmpty';

export type FilterDraft =
  | { kind: 'text'; op: TextOp; value: string }
  /** Numbers, dates and date-times: either end may be blank. Dates are `YYYY-MM-DD` as the date input gives them. */
  | { kind: 'range'; min: string; max: string }
  | { kind: 'choice'; values: unknown[] }
  | { kind: 'presence'; op: 'empty' | 'notEmpty' | '' };

export const clausesOf = (filter: FilterClause[], column: Column) => filter.filter((c) => c.field === column.id);

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (at: Date) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
/** A date-time bound as an instant: a day runs from local midnight to the last millisecond before the next. */
const dayStart = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const dayEnd = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00`));

/** The editor's state for `column` from the clauses a view holds. */
export function draftFor(column: Column, filter: FilterClause[]): FilterDraft {
  const mine = clausesOf(filter, column);
  switch (column.filterKind) {
    case 'choice': {
      const values = mine.flatMap((c) => {
        if (c.op === 'in' && Array.isArray(c.value)) return c.value;
        return c.op === 'eq' || c.op === 'contains' ? [c.value] : [];
      });
      return { kind: 'choice', values };
    }
    case 'number':
    case 'date':
    case 'datetime': {
      const asText = (v: unknown) => {
        if (v === undefined || v === null) return '';
        if (column.filterKind === 'datetime' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return localDate(new Date(v));
        return String(v);
      };
      let min = '';
      let max = '';
      for (const c of mine) {
        if (c.op === 'between' && Array.isArray(c.value)) [min, max] = [asText(c.value[0]), asText(c.value[1])];
        if (c.op === 'gte' || c.op === 'gt') min = asText(c.value);
        if (c.op === 'lte' || c.op === 'lt') max = asText(c.value);
      }
      return { kind: 'range', min, max };
    }
    case 'presence': {
      const clause = mine.find((c) => c.op === 'empty' || c.op === 'notEmpty');
      return { kind: 'presence', op: clause ? (clause.op as 'empty' | 'notEmpty') : '' };
    }
    default: {
      const clause = mine.find((c) => c.op === 'contains' || c.op === 'eq' || c.op === 'empty' || c.op === 'notEmpty');
      return {
        kind: 'text',
        op: (clause?.op as TextOp | undefined) ?? 'contains',
        value: typeof clause?.value === 'string' ? clause.value : '',
      };
    }
  }
}

/** The clauses a draft stands for; none when it narrows nothing (blank text, no choice, both ends blank). */
export function clausesFrom(column: Column, draft: FilterDraft): FilterClause[] {
  const field = column.id;
  switch (draft.kind) {
    case 'text': {
      if (draft.op === 'empty' || draft.op === 'notEmpty') return [{ field, op: draft.op }];
      const value = draft.value.trim();
      return value ? [{ field, op: draft.op, value }] : [];
    }
    case 'choice': {
      const values = draft.values;
      if (values.length === 0) return [];
      // A multi-select holds a list: one "contains" per option, so a record must hold every chosen one.
      if (column.multiple) return values.map((value) => ({ field, op: 'contains' as const, value }));
      if (values.length === 1) return [{ field, op: 'eq', value: values[0] }];
      // Yes and No together narrow nothing worth a filter (the API has no "in" for yes/no).
      if (values.every((v) => typeof v === 'boolean')) return [];
      return [{ field, op: 'in', value: values }];
    }
    case 'presence':
      return draft.op ? [{ field, op: draft.op }] : [];
    case 'range': {
      const bound = (text: string, end: 'min' | 'max'): unknown => {
        const s = text.trim();
        if (!s) return undefined;
        if (column.filterKind === 'number') return Number.isFinite(Number(s)) ? Number(s) : undefined;
        if (!isDay(s)) return undefined;
        if (column.filterKind === 'datetime') return end === 'min' ? dayStart(s) : dayEnd(s);
        return s;
      };
      const min = bound(draft.min, 'min');
      const max = bound(draft.max, 'max');
      if (min !== undefined && max !== undefined) return [{ field, op: 'between', value: [min, max] }];
      if (min !== undefined) return [{ field, op: 'gte', value: min }];
      if (max !== undefined) return [{ field, op: 'lte', value: max }];
      return [];
    }
  }
}

/** The view's filter with `column`'s clauses replaced by what `draft` stands for. */
export function withColumnFilter(filter: FilterClause[], column: Column, draft: FilterDraft): FilterClause[] {
  return [...filter.filter((c) => c.field !== column.id), ...clausesFrom(column, draft)];
}

/** A short sentence for a column's active filter, for the chip that shows and removes it. */
export function describeFilter(column: Column, filter: FilterClause[], t: TFunction, formatDay: (day: string) => string): string | null {
  if (clausesOf(filter, column).length === 0) return null;
  const draft = draftFor(column, filter);
  let summary: string;
  switch (draft.kind) {
    case 'text':
      summary = t(`records.filter.summary.${draft.op}`, { value: draft.value });
      break;
    case 'choice':
      summary = draft.values
        .map((v) => column.choices?.find((c) => c.value === v)?.label ?? String(v))
        .join(t('records.filter.listSeparator'));
      break;
    case 'presence':
      summary = t(`records.filter.summary.${draft.op || 'notEmpty'}`);
      break;
    case 'range': {
      const show = (s: string) => (column.filterKind === 'number' ? column.format(Number(s)) : formatDay(s));
      if (draft.min && draft.max) summary = t('records.filter.summary.between', { min: show(draft.min), max: show(draft.max) });
      else if (draft.min) summary = t('records.filter.summary.atLeast', { min: show(draft.min) });
      else summary = t('records.filter.summary.atMost', { max: show(draft.max) });
      break;
    }
  }
  return `${column.title}: ${summary}`;
}

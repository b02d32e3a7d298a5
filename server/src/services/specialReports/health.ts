/**
 * The HR health declaration report of one day (in the form's schedule time zone): per department
 * who was expected, declared, did not, was late, declared symptoms or a fever; the names for
 * follow-up; and the 30 days up to it. Counts are grouped in SQL (by day and department); only the
 * chosen day's names are listed row by row.
 */
import type { Knex } from 'knex';
import {
  HealthReportOptions,
  localizeForm,
  type HealthFollowUp,
  type HealthPerson,
  type HealthReport,
  type JsonObject,
  type SpecialLabel,
  type User,
} from '@formloom/schemas';
import { readInt, readJson } from '../../db/dialect.ts';
import { BadRequestError } from '../../lib/errors.ts';
import { hiddenFieldsFor } from '../fieldAccess.ts';
import { scheduleRowOf, settingsOf } from '../schedules/store.ts';
import { notAvailable, publishedForm, rootOptions } from './access.ts';
import { addDays, daysTable, localDays, reportDate } from './days.ts';
import { anyChoiceBut, numberAtLeast } from './sql.ts';

export const TREND_DAYS = 30;
const DEFAULT_TIMEZONE = 'Asia/Hong_Kong';
const MAX_NAMES = 2000;

type Counts = HealthReport['totals'];

/** The form's health setting, checked against its published schema; 404 report_not_available otherwise. */
export function healthOptionsOf(schema: JsonObject, uiSchema: JsonObject): HealthReportOptions {
  const parsed = HealthReportOptions.safeParse(rootOptions(uiSchema).healthReport);
  if (!parsed.success) throw notAvailable('health declaration', 'its published version has no valid ui:options.healthReport setting.');
  const properties = (schema.properties ?? {}) as JsonObject;
  for (const key of [parsed.data.temperature, parsed.data.symptoms]) {
    if (!Object.hasOwn(properties, key) || key.includes('"')) {
      throw notAvailable(
        'health declaration',
        `ui:options.healthReport names the field "${key}", which the published version does not have.`,
      );
    }
  }
  return parsed.data;
}

/**
 * Whether the caller may not see the medical answers (the temperature or the symptoms field is a
 * sensitive field hidden from them). They then get the counts — how many people per department
 * declared symptoms or a fever — but not who: the follow-up list stays empty and the export leaves
 * those columns blank, except on their own declaration.
 */
export async function medicalAnswersHidden(db: Knex, user: User, formId: string, options: HealthReportOptions): Promise<boolean> {
  const hidden = await hiddenFieldsFor(db, user, formId);
  return hidden.has(options.temperature) || hidden.has(options.symptoms);
}

/** Option titles of the symptoms field (a select's `oneOf`, a multi-select's `items.oneOf`) in both languages. */
function symptomLabels(schema: JsonObject, uiSchema: JsonObject, key: string): Record<string, SpecialLabel> {
  const optionsOf = (s: JsonObject): { const?: unknown; title?: unknown }[] => {
    const field = ((s.properties ?? {}) as JsonObject)[key] as JsonObject | undefined;
    const holder = (field?.items as JsonObject | undefined) ?? field;
    const list = holder?.oneOf ?? holder?.anyOf;
    return Array.isArray(list) ? (list as { const?: unknown; title?: unknown }[]) : [];
  };
  const zh = optionsOf(localizeForm(schema, uiSchema, 'zh-Hant').schema);
  const out: Record<string, SpecialLabel> = {};
  optionsOf(schema).forEach((o, i) => {
    if (typeof o.const !== 'string') return;
    const en = typeof o.title === 'string' ? o.title : o.const;
    const other = zh[i]?.title;
    out[o.const] = { en, 'zh-Hant': typeof other === 'string' && other !== en ? other : null };
  });
  return out;
}

const emptyCounts = (scheduled: boolean): Counts => ({
  expected: scheduled ? 0 : null,
  declared: 0,
  notDeclared: scheduled ? 0 : null,
  late: scheduled ? 0 : null,
  withSymptoms: 0,
  fever: 0,
});

function addInto(target: Counts, more: Partial<Record<keyof Counts, number>>): void {
  for (const [k, v] of Object.entries(more) as [keyof Counts, number][]) {
    if (target[k] !== null) target[k] = (target[k] ?? 0) + v;
  }
}

interface Bucket {
  day: string;
  department_id: string | null;
}

/** Declarations per day and department: people (each once), with symptoms, with a fever. */
async function declarationCounts(db: Knex, formId: string, options: HealthReportOptions, days: ReturnType<typeof localDays>) {
  const symptoms = anyChoiceBut(db, options.symptoms, options.noSymptoms);
  const fever = numberAtLeast(db, options.temperature, options.feverFrom);
  const table = daysTable(db, days).toSQL();
  const rows = (
    await db.raw(
      `WITH ${table.sql} SELECT days.day AS day, u.department_id AS department_id, ` +
        `COUNT(DISTINCT s.created_by) AS declared, ` +
        `COUNT(DISTINCT CASE WHEN ${symptoms.sql} THEN s.created_by END) AS with_symptoms, ` +
        `COUNT(DISTINCT CASE WHEN ${fever.sql} THEN s.created_by END) AS fever ` +
        `FROM submissions s JOIN days ON s.created_at >= days.start_at AND s.created_at < days.end_at ` +
        `LEFT JOIN users u ON u.id = s.created_by ` +
        `WHERE s.form_id = ? AND s.deleted_at IS NULL AND s.created_at >= ? AND s.created_at < ? ` +
        `GROUP BY days.day, u.department_id`,
      [...table.bindings, ...symptoms.bindings, ...fever.bindings, formId, days[0].start, days[days.length - 1].end],
    )
  ).valueOf();
  return rowsOf<Bucket & { declared: unknown; with_symptoms: unknown; fever: unknown }>(rows);
}

/** Assignments of the periods that opened on each day, per department: asked, not declared, late. */
async function assignmentCounts(db: Knex, formId: string, first: string, last: string) {
  return (await db('assignments as a')
    .join('schedule_periods as p', 'p.id', 'a.period_id')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .where('p.form_id', formId)
    .where('p.key', '>=', first)
    .where('p.key', '<', addDays(last, 1))
    .groupByRaw('substr(p.key, 1, 10), u.department_id')
    .select(db.raw('substr(p.key, 1, 10) AS day'), 'u.department_id')
    .count({ expected: '*' })
    .select(db.raw(`SUM(CASE WHEN a.status = 'open' THEN 1 ELSE 0 END) AS not_declared`))
    .select(db.raw(`SUM(CASE WHEN a.late THEN 1 ELSE 0 END) AS late`))) as (Bucket & {
    expected: unknown;
    not_declared: unknown;
    late: unknown;
  })[];
}

/** knex.raw answers rows on SQLite and {rows} on PostgreSQL. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function departmentNames(db: Knex, ids: string[]): Promise<Map<string, SpecialLabel>> {
  const rows = ids.length
    ? ((await db('departments').whereIn('id', ids).select('id', 'name', 'name_zh')) as {
        id: string;
        name: string;
        name_zh: string | null;
      }[])
    : [];
  return new Map(rows.map((r) => [r.id, { en: r.name, 'zh-Hant': r.name_zh }]));
}

/** The day's named lists: asked and not declared, late, and declarations with symptoms or a fever. */
async function namesOfDay(db: Knex, formId: string, options: HealthReportOptions, day: { date: string; start: string; end: string }) {
  const assignments = (await db('assignments as a')
    .join('schedule_periods as p', 'p.id', 'a.period_id')
    .join('users as u', 'u.id', 'a.user_id')
    .where('p.form_id', formId)
    .where('p.key', '>=', day.date)
    .where('p.key', '<', addDays(day.date, 1))
    .where((q) => q.where('a.status', 'open').orWhere('a.late', true))
    .orderBy([{ column: 'u.name' }, { column: 'u.id' }])
    .limit(MAX_NAMES)
    .select('a.user_id', 'u.name', 'u.department_id', 'a.status', 'a.submitted_at')) as {
    user_id: string;
    name: string;
    department_id: string | null;
    status: string;
    submitted_at: string | null;
  }[];
  const person = (r: { user_id: string; name: string; department_id: string | null }): HealthPerson => ({
    userId: r.user_id,
    name: r.name,
    departmentId: r.department_id,
  });

  const symptoms = anyChoiceBut(db, options.symptoms, options.noSymptoms);
  const fever = numberAtLeast(db, options.temperature, options.feverFrom);
  const flagged = (await db('submissions as s')
    .join('users as u', 'u.id', 's.created_by')
    .where('s.form_id', formId)
    .whereNull('s.deleted_at')
    .where('s.created_at', '>=', day.start)
    .where('s.created_at', '<', day.end)
    .whereRaw(`(${symptoms.sql} OR ${fever.sql})`, [...symptoms.bindings, ...fever.bindings])
    .orderBy('s.created_at')
    .limit(MAX_NAMES)
    .select('s.id', 's.created_by as user_id', 'u.name', 'u.department_id', 's.created_at', 's.data')) as {
    id: string;
    user_id: string;
    name: string;
    department_id: string | null;
    created_at: string;
    data: unknown;
  }[];
  const followUp: HealthFollowUp[] = flagged.map((r) => {
    const data = readJson<JsonObject>(r.data);
    const t = data[options.temperature];
    const temperature = typeof t === 'number' && Number.isFinite(t) ? t : null;
    const raw = data[options.symptoms];
    const chosen = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map(String);
    return {
      ...person(r),
      submissionId: r.id,
      submittedAt: r.created_at,
      temperature,
      symptoms: chosen.filter((v) => v !== options.noSymptoms),
      fever: temperature !== null && temperature >= options.feverFrom,
    };
  });
  followUp.sort((a, b) => (b.temperature ?? -Infinity) - (a.temperature ?? -Infinity) || a.name.localeCompare(b.name));
  return {
    notDeclared: assignments.filter((r) => r.status === 'open').map(person),
    late: assignments.filter((r) => r.status !== 'open').map((r) => ({ ...person(r), submittedAt: r.submitted_at })),
    followUp,
  };
}

export async function healthReport(
  db: Knex,
  user: User,
  formId: string,
  date: string | undefined,
  now = new Date(),
): Promise<HealthReport> {
  const { form, schema, uiSchema } = await publishedForm(db, user, formId, 'see the health declaration report');
  const options = healthOptionsOf(schema, uiSchema);
  const schedule = await scheduleRowOf(db, form.id);
  const timezone = schedule ? settingsOf(schedule).timezone : DEFAULT_TIMEZONE;
  const day = reportDate(date, timezone, now);
  if (!day) throw new BadRequestError('invalid_date', `"${date}" is not a calendar date; use YYYY-MM-DD.`);
  const days = localDays(day, TREND_DAYS, timezone);
  // A template's suggested schedule sits turned off until someone sets it up: until it runs (or has run), nobody is "expected".
  const scheduled = Boolean(schedule && (schedule.enabled || (await db('schedule_periods').where({ form_id: form.id }).first('id'))));

  const [declared, asked] = await Promise.all([
    declarationCounts(db, form.id, options, days),
    scheduled ? assignmentCounts(db, form.id, days[0].date, day) : Promise.resolve([]),
  ]);

  const trend = new Map(days.map((d) => [d.date, emptyCounts(scheduled)]));
  const byDepartment = new Map<string | null, Counts>();
  const departmentOf = (id: string | null) => {
    if (!byDepartment.has(id)) byDepartment.set(id, emptyCounts(scheduled));
    return byDepartment.get(id)!;
  };
  for (const r of declared) {
    const counts = { declared: readInt(r.declared), withSymptoms: readInt(r.with_symptoms), fever: readInt(r.fever) };
    addInto(trend.get(r.day)!, counts);
    if (r.day === day) addInto(departmentOf(r.department_id ?? null), counts);
  }
  for (const r of asked) {
    const counts = { expected: readInt(r.expected), notDeclared: readInt(r.not_declared ?? 0), late: readInt(r.late ?? 0) };
    const target = trend.get(r.day);
    if (target) addInto(target, counts);
    if (r.day === day) addInto(departmentOf(r.department_id ?? null), counts);
  }

  const names = await departmentNames(
    db,
    [...byDepartment.keys()].filter((id): id is string => id !== null),
  );
  const departments = [...byDepartment.entries()]
    .map(([departmentId, counts]) => ({ departmentId, name: departmentId ? (names.get(departmentId) ?? null) : null, ...counts }))
    // Named departments alphabetically, "No department" last.
    .sort((a, b) => (a.departmentId === null ? 1 : b.departmentId === null ? -1 : (a.name?.en ?? '').localeCompare(b.name?.en ?? '')));
  const totals = emptyCounts(scheduled);
  for (const d of departments) {
    const { departmentId: _id, name: _name, ...counts } = d;
    addInto(totals, Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== null)) as Partial<Record<keyof Counts, number>>);
  }

  return {
    formId: form.id,
    date: day,
    timezone,
    scheduled,
    feverFrom: options.feverFrom,
    totals,
    departments,
    ...(await namesOfDay(db, form.id, options, days[days.length - 1]).then(async (names) =>
      (await medicalAnswersHidden(db, user, form.id, options))
        ? { ...names, followUp: names.followUp.filter((f) => f.userId === user.id) }
        : names,
    )),
    trend: days.map((d) => {
      const { notDeclared: _n, ...counts } = trend.get(d.date)!;
      return { date: d.date, ...counts };
    }),
    symptomLabels: symptomLabels(schema, uiSchema, options.symptoms),
    computedAt: now.toISOString(),
  };
}

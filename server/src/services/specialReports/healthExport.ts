/**
 * The health declaration day as a file: one row per declaration of the day and one per person asked
 * who did not declare, with department, temperature, symptoms and what needs follow-up, headed in the
 * caller's language. Goes through the submissions export's writers (BOM, formula neutralization, XLSX typing).
 */
import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import type { HealthReport, JsonObject, Locale, SpecialLabel, User } from '@formloom/schemas';
import { readJson } from '../../db/dialect.ts';
import { csvChunks } from '../../export/csv.ts';
import type { ExportRow } from '../../export/cells.ts';
import type { ExportColumn } from '../../export/columns.ts';
import { writeXlsx } from '../../export/xlsx.ts';
import { publishedForm } from './access.ts';
import { addDays, localMidnight } from './days.ts';
import { requirePermission } from '../access.ts';
import { healthOptionsOf, healthReport, medicalAnswersHidden } from './health.ts';

const HEADERS: Record<Locale, Record<string, string>> = {
  en: {
    department: 'Department',
    name: 'Name',
    status: 'Status',
    submittedAt: 'Submitted at',
    temperature: 'Temperature (°C)',
    symptoms: 'Symptoms',
    followUp: 'Follow up',
  },
  'zh-Hant': {
    department: '部門',
    name: '姓名',
    status: '狀態',
    submittedAt: '提交時間',
    temperature: '體溫 (°C)',
    symptoms: '病徵',
    followUp: '需跟進',
  },
};
const WORDS: Record<Locale, Record<string, string>> = {
  en: { declared: 'Declared', late: 'Declared late', notDeclared: 'Not declared', noDepartment: 'No department', yes: 'Yes', no: '' },
  'zh-Hant': { declared: '已申報', late: '逾時申報', notDeclared: '未申報', noDepartment: '沒有部門', yes: '是', no: '' },
};

const label = (l: SpecialLabel | null | undefined, locale: Locale) => (l ? (locale === 'zh-Hant' && l['zh-Hant']) || l.en : null);

export async function healthExportFile(
  db: Knex,
  user: User,
  formId: string,
  opts: { date?: string; format: 'csv' | 'xlsx'; locale: Locale },
  now = new Date(),
) {
  const report: HealthReport = await healthReport(db, user, formId, opts.date, now);
  const { form, schema, uiSchema, permissions } = await publishedForm(db, user, formId, 'export the health declaration report');
  requirePermission(permissions, 'canExport', 'export the health declaration report');
  const options = healthOptionsOf(schema, uiSchema);
  const medicalHidden = await medicalAnswersHidden(db, user, form.id, options);
  const { locale } = opts;
  const words = WORDS[locale];
  const departments = new Map(report.departments.map((d) => [d.departmentId, label(d.name, locale) ?? words.noDepartment]));
  const late = new Set(report.late.map((p) => p.userId));
  const followUp = new Set(report.followUp.map((f) => f.submissionId));
  const symptomText = (values: string[]) => values.map((v) => label(report.symptomLabels[v], locale) ?? v).join(', ');

  const day = await db('submissions as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .where('s.form_id', form.id)
    .whereNull('s.deleted_at')
    .where('s.created_at', '>=', localMidnight(report.date, report.timezone).toISOString())
    .where('s.created_at', '<', localMidnight(addDays(report.date, 1), report.timezone).toISOString())
    .orderBy([{ column: 'u.name' }, { column: 's.created_at' }])
    .select('s.id', 's.created_by', 'u.name', 'u.department_id', 's.created_at', 's.data');

  const rows: Record<string, unknown>[] = [];
  for (const r of day as {
    id: string;
    created_by: string | null;
    name: string | null;
    department_id: string | null;
    created_at: string;
    data: unknown;
  }[]) {
    const data = medicalHidden && r.created_by !== user.id ? {} : readJson<JsonObject>(r.data);
    const raw = data[options.symptoms];
    const chosen = (Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw]).map(String);
    rows.push({
      department: departments.get(r.department_id) ?? words.noDepartment,
      name: r.name ?? '',
      status: r.created_by && late.has(r.created_by) ? words.late : words.declared,
      submittedAt: r.created_at,
      temperature: typeof data[options.temperature] === 'number' ? data[options.temperature] : null,
      symptoms: symptomText(chosen.filter((v) => v !== options.noSymptoms)),
      followUp: followUp.has(r.id) ? words.yes : words.no,
    });
  }
  for (const p of report.notDeclared) {
    rows.push({ department: departments.get(p.departmentId) ?? words.noDepartment, name: p.name, status: words.notDeclared });
  }

  const headers = HEADERS[locale];
  const columns: ExportColumn[] = Object.entries(headers).map(([key, title]) => ({ key: title, kind: 'field', path: [key], title }));
  async function* stream(): AsyncGenerator<ExportRow> {
    for (const data of rows) yield { id: '', submittedAt: '', submittedBy: '', formVersion: 0, data };
  }
  const fileName = `${form.name}-${report.date}.${opts.format}`;
  const asciiName = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (opts.format === 'csv') {
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName,
      asciiName,
      body: csvChunks(columns, stream()) as AsyncIterable<string | Buffer>,
    };
  }
  const out = new PassThrough();
  writeXlsx(columns, stream(), out).catch((err: Error) => out.destroy(err));
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName,
    asciiName,
    body: out as AsyncIterable<string | Buffer>,
  };
}

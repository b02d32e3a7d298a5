/**
 * Fields the system fills or that point at other records. Read-only ones carry both the JSON Schema
 * annotation (`readOnly`, for API clients) and `ui:readonly` (for rjsf); the server overwrites them.
 */
import type { FieldTypeDefinition } from '../types.ts';

export const advancedFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'calculated',
    category: 'advanced',
    label: { en: 'Calculation', 'zh-Hant': '計算' },
    description: {
      en: 'A number worked out from other fields, such as an order total.',
      'zh-Hant': '由其他欄位計算得出的數字，例如訂單總額。',
    },
    // The formula lives in ui:options.calculate ({sumOf, multiply}); see calc/applyCalculations.ts.
    schema: { type: 'number', readOnly: true },
    uiSchema: { 'ui:fieldType': 'calculated', 'ui:readonly': true },
    valueKind: 'number',
  },
  {
    type: 'autonumber',
    category: 'advanced',
    label: { en: 'Auto number', 'zh-Hant': '自動編號' },
    description: { en: 'A reference number given on submission.', 'zh-Hant': '提交時自動產生的編號。' },
    schema: { type: 'string', readOnly: true },
    uiSchema: { 'ui:fieldType': 'autonumber', 'ui:readonly': true },
    valueKind: 'string',
  },
  {
    type: 'person',
    category: 'advanced',
    label: { en: 'Person', 'zh-Hant': '人員' },
    description: { en: 'A user of this workspace.', 'zh-Hant': '此工作區的使用者。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'person' },
    valueKind: 'string',
  },
  {
    type: 'department',
    category: 'advanced',
    label: { en: 'Department', 'zh-Hant': '部門' },
    description: { en: 'A department of the organisation.', 'zh-Hant': '機構內的部門。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'department' },
    valueKind: 'string',
  },
  {
    type: 'currentUser',
    category: 'advanced',
    label: { en: 'Current user', 'zh-Hant': '目前使用者' },
    description: { en: 'Who is filling in the form, filled in for them.', 'zh-Hant': '自動填入填寫表單的使用者。' },
    schema: { type: 'string', readOnly: true },
    uiSchema: { 'ui:fieldType': 'currentUser', 'ui:readonly': true },
    valueKind: 'string',
  },
  {
    type: 'submitTime',
    category: 'advanced',
    label: { en: 'Submission time', 'zh-Hant': '提交時間' },
    description: { en: 'When the form was submitted.', 'zh-Hant': '表單提交的時間。' },
    schema: { type: 'string', format: 'date-time', readOnly: true },
    uiSchema: { 'ui:fieldType': 'submitTime', 'ui:readonly': true },
    valueKind: 'string',
  },
  {
    type: 'relation',
    category: 'advanced',
    label: { en: 'Linked record', 'zh-Hant': '關聯記錄' },
    description: { en: 'A record of another form, picked by searching.', 'zh-Hant': '另一表單的記錄，可搜尋選取。' },
    // ui:options: form (the target form's id; a template names it by key and installing maps it),
    // displayField (what the picker shows), fill ({here: there} copied from the record). The value
    // is the record's submission id; the server checks it exists and the submitter may see it.
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'relation' },
    valueKind: 'string',
  },
];

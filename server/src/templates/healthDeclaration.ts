import { SUGGESTED_SCHEDULE } from '@formloom/schemas';
import { defineForm } from './formBuilder.ts';
import type { Template, TemplateForm } from './types.ts';

const name = { en: 'Daily health declaration', 'zh-Hant': '每日健康申報' };
const description = {
  en: 'Staff declare their temperature and any symptoms before starting work each day.',
  'zh-Hant': '員工每天上班前申報體溫及有否出現病徵。',
};

const healthDeclarationDocument = defineForm({
  key: 'health-declaration',
  name,
  description: {
    en: 'Declare your temperature and any symptoms before you start work.',
    'zh-Hant': '開始工作前，請申報體溫及有否出現病徵。',
  },
  fields: {
    notice: {
      type: 'static',
      title: { en: 'Before you start', 'zh-Hant': '開始前' },
      description: {
        en: 'If you feel unwell, do not come to work: tell your supervisor and see a doctor.',
        'zh-Hant': '如感到不適，請勿上班：通知主管並求醫。',
      },
      ui: { 'ui:options': { variant: 'text' } },
    },
    temperature: {
      type: 'number',
      title: { en: 'Body temperature (°C)', 'zh-Hant': '體溫 (°C)' },
      required: true,
      // Outside 34–43 °C is a misreading (or a thermometer in Fahrenheit), not a person at work.
      schema: { minimum: 34, maximum: 43 },
      placeholder: { en: 'e.g. 36.5', 'zh-Hant': '例如 36.5' },
      help: {
        en: 'Take your temperature before leaving home. 37.5 °C or above counts as a fever.',
        'zh-Hant': '出門前量度體溫。37.5°C 或以上即屬發燒。',
      },
    },
    symptoms: {
      type: 'multiselect',
      title: { en: 'Symptoms today', 'zh-Hant': '今日的病徵' },
      required: true,
      // At least one answer, and "none" cannot be combined with a symptom.
      schema: { minItems: 1, if: { contains: { const: 'none' } }, then: { maxItems: 1 } },
      ui: { 'ui:widget': 'checkboxes' },
      help: { en: 'Choose “None of these” if you have no symptoms.', 'zh-Hant': '如沒有任何病徵，請選「沒有以上病徵」。' },
      options: [
        { value: 'none', title: { en: 'None of these', 'zh-Hant': '沒有以上病徵' } },
        { value: 'fever', title: { en: 'Fever', 'zh-Hant': '發燒' } },
        { value: 'cough', title: { en: 'Cough', 'zh-Hant': '咳嗽' } },
        { value: 'sore-throat', title: { en: 'Sore throat', 'zh-Hant': '喉嚨痛' } },
        { value: 'shortness-of-breath', title: { en: 'Shortness of breath', 'zh-Hant': '呼吸困難' } },
        { value: 'loss-of-taste-or-smell', title: { en: 'Loss of taste or smell', 'zh-Hant': '失去味覺或嗅覺' } },
        { value: 'runny-nose', title: { en: 'Runny nose', 'zh-Hant': '流鼻水' } },
        { value: 'headache', title: { en: 'Headache', 'zh-Hant': '頭痛' } },
        { value: 'muscle-aches', title: { en: 'Muscle aches', 'zh-Hant': '肌肉痛' } },
        { value: 'fatigue', title: { en: 'Unusual tiredness', 'zh-Hant': '異常疲倦' } },
      ],
    },
    closeContact: {
      type: 'yesno',
      title: { en: 'Close contact with a confirmed case in the past 7 days?', 'zh-Hant': '過去 7 日曾否與確診者緊密接觸？' },
      required: true,
      help: {
        en: 'Close contact means within 1 metre for 15 minutes or more, or living together.',
        'zh-Hant': '緊密接觸指於 1 米範圍內相處 15 分鐘或以上，或同住。',
      },
    },
    workLocation: {
      type: 'select',
      title: { en: 'Where are you working today?', 'zh-Hant': '今日工作地點' },
      required: true,
      options: [
        { value: 'office', title: { en: 'Office', 'zh-Hant': '辦公室' } },
        { value: 'warehouse', title: { en: 'Warehouse', 'zh-Hant': '倉庫' } },
        { value: 'home', title: { en: 'Working from home', 'zh-Hant': '在家工作' } },
        { value: 'client-site', title: { en: 'Client site', 'zh-Hant': '客戶地點' } },
      ],
    },
    gps: {
      type: 'location',
      title: { en: 'Current location (optional)', 'zh-Hant': '目前位置 (選填)' },
      help: { en: 'Only needed if your supervisor asks for it.', 'zh-Hant': '只在主管要求時才需提供。' },
    },
    declaration: {
      type: 'checkbox',
      title: { en: 'I declare that the information above is true and complete.', 'zh-Hant': '本人聲明以上資料真確無誤。' },
      required: true,
      schema: { const: true },
    },
  },
});

/**
 * The schedule the form suggests: weekdays at 09:00, deadline 10:00, a reminder at 09:45, nobody
 * yet. Installing the template stores it turned off (services/schedules installSuggestedSchedule):
 * an admin picks the audience and turns it on in the designer's Schedule tab.
 */
const healthDeclarationForm: TemplateForm = {
  ...healthDeclarationDocument,
  uiSchema: {
    ...healthDeclarationDocument.uiSchema,
    'ui:options': {
      ...(healthDeclarationDocument.uiSchema['ui:options'] as object | undefined),
      // The health declaration report (services/specialReports/health.ts) reads these fields.
      healthReport: { temperature: 'temperature', symptoms: 'symptoms', noSymptoms: 'none', feverFrom: 37.5 },
    },
  },
  schedule: SUGGESTED_SCHEDULE,
};

export const healthDeclaration: Template = {
  id: 'health-declaration',
  name,
  description,
  app: { name: { en: 'Health declarations', 'zh-Hant': '健康申報' }, description },
  forms: [healthDeclarationForm],
};

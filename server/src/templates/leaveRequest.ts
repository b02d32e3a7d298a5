import { leaveRequestFlow } from '@formloom/schemas';
import { defineForm } from './formBuilder.ts';
import type { Template } from './types.ts';

const name = { en: 'Leave request', 'zh-Hant': '請假申請' };

const leaveRequestForm = defineForm({
  key: 'leave-request',
  name,
  description: { en: 'Apply for time off.', 'zh-Hant': '申請休假。' },
  fields: {
    leaveType: {
      type: 'select',
      title: { en: 'Leave type', 'zh-Hant': '假期類別' },
      required: true,
      options: [
        { value: 'annual', title: { en: 'Annual leave', 'zh-Hant': '年假' } },
        { value: 'sick', title: { en: 'Sick leave', 'zh-Hant': '病假' } },
        { value: 'no-pay', title: { en: 'No-pay leave', 'zh-Hant': '無薪假' } },
        { value: 'other', title: { en: 'Other', 'zh-Hant': '其他' } },
      ],
    },
    startDate: { type: 'date', title: { en: 'First day', 'zh-Hant': '開始日期' }, required: true },
    endDate: {
      type: 'date',
      title: { en: 'Last day', 'zh-Hant': '結束日期' },
      required: true,
      help: { en: 'The last day you are away, not the day you return.', 'zh-Hant': '最後一日休假的日期，而非復工日期。' },
    },
    days: {
      type: 'number',
      title: { en: 'Working days', 'zh-Hant': '請假日數' },
      required: true,
      schema: { multipleOf: 0.5, exclusiveMinimum: 0, maximum: 366 },
      help: { en: 'A half day counts as 0.5.', 'zh-Hant': '半日以 0.5 日計算。' },
    },
    reason: {
      type: 'textarea',
      title: { en: 'Reason', 'zh-Hant': '原因' },
      help: { en: 'Required for “Other”.', 'zh-Hant': '選擇「其他」時必須填寫。' },
    },
    certificate: {
      type: 'file',
      title: { en: 'Medical certificate', 'zh-Hant': '醫生證明書' },
      help: { en: 'For sick leave, if you have one.', 'zh-Hant': '如申請病假並持有證明書，請上載。' },
    },
  },
  // "Other" says nothing on its own, so it needs a reason (and an empty one is no reason).
  rules: [
    {
      if: { properties: { leaveType: { const: 'other' } }, required: ['leaveType'] },
      then: { properties: { reason: { type: 'string', minLength: 1 } }, required: ['reason'] },
    },
  ],
});

export const leaveRequest: Template = {
  id: 'leave-request',
  name,
  description: {
    en: 'Staff apply for annual, sick, no-pay or other leave.',
    'zh-Hant': '員工申請年假、病假、無薪假或其他假期。',
  },
  app: {
    name: { en: 'Leave', 'zh-Hant': '請假' },
    description: { en: 'Leave applications.', 'zh-Hant': '假期申請。' },
  },
  // Up to 3 days the direct manager; more: the manager, then the department head, HR in CC (docs/WORKFLOWS.md).
  forms: [{ ...leaveRequestForm, workflow: leaveRequestFlow('days') }],
};

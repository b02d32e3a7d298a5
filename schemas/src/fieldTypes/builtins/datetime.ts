/**
 * Dates and date-times as RFC 3339 strings. A time of day is wall-clock time without a zone
 * (`09:30` or `09:30:00`, what a browser's time input gives): a shift that starts at 09:00 starts
 * at 09:00 wherever the form is filled. JSON Schema's `time` format would demand a zone offset.
 */
import type { FieldTypeDefinition } from '../types.ts';

export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';

export const datetimeFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'date',
    category: 'datetime',
    label: { en: 'Date', 'zh-Hant': '日期' },
    description: { en: 'A calendar date.', 'zh-Hant': '日曆日期。' },
    schema: { type: 'string', format: 'date' },
    uiSchema: { 'ui:fieldType': 'date', 'ui:widget': 'date' },
    valueKind: 'string',
  },
  {
    type: 'time',
    category: 'datetime',
    label: { en: 'Time', 'zh-Hant': '時間' },
    description: { en: 'A time of day.', 'zh-Hant': '一天中的時間。' },
    schema: { type: 'string', pattern: TIME_OF_DAY_PATTERN },
    uiSchema: { 'ui:fieldType': 'time', 'ui:widget': 'time' },
    valueKind: 'string',
  },
  {
    type: 'datetime',
    category: 'datetime',
    label: { en: 'Date and time', 'zh-Hant': '日期時間' },
    description: { en: 'A date with a time of day.', 'zh-Hant': '日期連時間。' },
    schema: { type: 'string', format: 'date-time' },
    uiSchema: { 'ui:fieldType': 'datetime', 'ui:widget': 'date-time' },
    valueKind: 'string',
  },
];

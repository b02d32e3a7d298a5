/**
 * Dates and times as RFC 3339 strings. Note that the `time` format (ajv-formats) requires seconds
 * and a zone offset, e.g. `09:30:00+08:00`; a widget must send that, not the bare `09:30`.
 */
import type { FieldTypeDefinition } from '../types.ts';

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
    schema: { type: 'string', format: 'time' },
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

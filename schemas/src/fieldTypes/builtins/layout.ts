/**
 * Layout fields. `static` shows text and stores nothing: its schema is `type: null`, so a submission
 * may only omit it, and exports skip it. The containers hold child fields under their own key:
 * section and row as a nested object, subtable as an array of row objects.
 */
import type { FieldTypeDefinition } from '../types.ts';

export const layoutFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'static',
    category: 'layout',
    label: { en: 'Text and headings', 'zh-Hant': '說明文字' },
    description: { en: 'A heading or a paragraph of guidance; collects no data.', 'zh-Hant': '標題或說明段落，不收集資料。' },
    schema: { type: 'null', title: 'Heading' },
    // `ui:field` names the runtime's renderer; rjsf falls back to its NullField if none is registered.
    uiSchema: { 'ui:fieldType': 'static', 'ui:field': 'static', 'ui:options': { variant: 'heading' } },
    valueKind: 'none',
    i18n: { 'zh-Hant': { '/schema/title': '標題' } },
  },
  {
    type: 'section',
    category: 'layout',
    label: { en: 'Section', 'zh-Hant': '分組' },
    description: { en: 'A titled group of fields.', 'zh-Hant': '有標題的欄位分組。' },
    schema: { type: 'object', properties: {} },
    uiSchema: { 'ui:fieldType': 'section' },
    container: true,
    valueKind: 'object',
  },
  {
    type: 'row',
    category: 'layout',
    label: { en: 'Columns', 'zh-Hant': '分欄' },
    description: { en: 'Two or three fields side by side.', 'zh-Hant': '兩至三個欄位並排顯示。' },
    schema: { type: 'object', properties: {} },
    uiSchema: { 'ui:fieldType': 'row', 'ui:options': { columns: 2 } },
    container: true,
    valueKind: 'object',
  },
  {
    type: 'subtable',
    category: 'layout',
    label: { en: 'Table', 'zh-Hant': '子表格' },
    description: { en: 'Repeating rows of fields, such as order lines.', 'zh-Hant': '可重複的多行欄位，例如訂單明細。' },
    schema: { type: 'array', items: { type: 'object', properties: {} } },
    uiSchema: { 'ui:fieldType': 'subtable' },
    container: true,
    valueKind: 'array',
  },
];

/**
 * Choice fields. Options are `oneOf: [{const, title}]` (multi-select: `items.oneOf`) rather than
 * `enum`, so each option's label has a pointer and can be translated in `ui:i18n`.
 * The two placeholder options give a freshly dropped field something to show and validate.
 */
import type { FieldTypeDefinition } from '../types.ts';

const placeholderOptions = [
  { const: 'option-1', title: 'Option 1' },
  { const: 'option-2', title: 'Option 2' },
];

function placeholderTranslations(prefix: string): Record<string, string> {
  return { [`${prefix}/0/title`]: '選項一', [`${prefix}/1/title`]: '選項二' };
}

export const choiceFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'select',
    category: 'choice',
    label: { en: 'Dropdown', 'zh-Hant': '下拉單選' },
    description: { en: 'Pick one option from a list.', 'zh-Hant': '從清單中選擇一項。' },
    schema: { type: 'string', oneOf: placeholderOptions },
    uiSchema: { 'ui:fieldType': 'select', 'ui:widget': 'select' },
    valueKind: 'string',
    i18n: { 'zh-Hant': placeholderTranslations('/schema/oneOf') },
  },
  {
    type: 'multiselect',
    category: 'choice',
    label: { en: 'Dropdown (multiple)', 'zh-Hant': '下拉多選' },
    description: { en: 'Pick any number of options from a list.', 'zh-Hant': '從清單中選擇多項。' },
    schema: { type: 'array', uniqueItems: true, items: { type: 'string', oneOf: placeholderOptions } },
    uiSchema: { 'ui:fieldType': 'multiselect' },
    valueKind: 'array',
    i18n: { 'zh-Hant': placeholderTranslations('/schema/items/oneOf') },
  },
  {
    type: 'radio',
    category: 'choice',
    label: { en: 'Single choice', 'zh-Hant': '單選' },
    description: { en: 'Pick one option, all shown at once.', 'zh-Hant': '所有選項同時顯示，選擇一項。' },
    schema: { type: 'string', oneOf: placeholderOptions },
    uiSchema: { 'ui:fieldType': 'radio', 'ui:widget': 'radio' },
    valueKind: 'string',
    i18n: { 'zh-Hant': placeholderTranslations('/schema/oneOf') },
  },
  {
    type: 'checkbox',
    category: 'choice',
    label: { en: 'Checkbox', 'zh-Hant': '核取方塊' },
    description: { en: 'A single tick box, such as an agreement.', 'zh-Hant': '單一剔選框，例如同意聲明。' },
    schema: { type: 'boolean' },
    uiSchema: { 'ui:fieldType': 'checkbox', 'ui:widget': 'checkbox' },
    valueKind: 'boolean',
  },
  {
    type: 'yesno',
    category: 'choice',
    label: { en: 'Yes/No', 'zh-Hant': '是/否' },
    description: { en: 'A yes-or-no question.', 'zh-Hant': '是非題。' },
    schema: {
      type: 'boolean',
      oneOf: [
        { const: true, title: 'Yes' },
        { const: false, title: 'No' },
      ],
    },
    uiSchema: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio', 'ui:options': { inline: true } },
    valueKind: 'boolean',
    i18n: { 'zh-Hant': { '/schema/oneOf/0/title': '是', '/schema/oneOf/1/title': '否' } },
  },
  {
    type: 'rating',
    category: 'choice',
    label: { en: 'Rating', 'zh-Hant': '評分' },
    description: { en: 'A score from 1 to 5.', 'zh-Hant': '1 至 5 分的評分。' },
    schema: { type: 'integer', minimum: 1, maximum: 5 },
    uiSchema: { 'ui:fieldType': 'rating' },
    valueKind: 'number',
  },
];

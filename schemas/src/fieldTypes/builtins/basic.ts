/** Free-text and numeric inputs, plus the Hong Kong presets (money in HKD, phone, HKID). */
import type { FieldTypeDefinition } from '../types.ts';

/**
 * `+852` optional, then 8 digits starting 2–9, optionally split 4+4 by a space as people type them.
 * RE2-safe: no lookaround or backreferences.
 */
export const HK_PHONE_PATTERN = '^(?:\\+852 ?)?[2-9][0-9]{3} ?[0-9]{4}$';
/** One or two letters, six digits, check digit 0–9 or A in brackets. The check digit is not verified here. */
export const HKID_PATTERN = '^[A-Z]{1,2}[0-9]{6}\\([0-9A]\\)$';

/**
 * The `multipleOfPrecision` every Ajv that validates form data must use (server and runtime alike).
 * Money is `multipleOf: 0.01`, which binary floats cannot check exactly: 19.99 / 0.01 is
 * 1998.9999999999998, so plain Ajv rejects it. At 1e-4, whole cents pass for amounts up to 1e10
 * and a third decimal place (≥ 0.1 of a cent) is still rejected; 1e-6 already fails near 1e8.
 */
export const MULTIPLE_OF_PRECISION = 4;

export const basicFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'text',
    category: 'basic',
    label: { en: 'Single-line text', 'zh-Hant': '單行文字' },
    description: { en: 'A short answer on one line.', 'zh-Hant': '單行的簡短答案。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'text' },
    valueKind: 'string',
  },
  {
    type: 'textarea',
    category: 'basic',
    label: { en: 'Long text', 'zh-Hant': '多行文字' },
    description: { en: 'A longer answer over several lines.', 'zh-Hant': '可輸入多行的較長答案。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'textarea', 'ui:widget': 'textarea', 'ui:options': { rows: 4 } },
    valueKind: 'string',
  },
  {
    type: 'number',
    category: 'basic',
    label: { en: 'Number', 'zh-Hant': '數字' },
    description: { en: 'Any number, with optional limits.', 'zh-Hant': '任何數字，可設上下限。' },
    schema: { type: 'number' },
    uiSchema: { 'ui:fieldType': 'number' },
    valueKind: 'number',
  },
  {
    type: 'money',
    category: 'basic',
    label: { en: 'Amount (HKD)', 'zh-Hant': '金額 (港幣)' },
    description: { en: 'An amount in Hong Kong dollars, to the cent.', 'zh-Hant': '以港幣計算的金額，準確至仙。' },
    // Validators need MULTIPLE_OF_PRECISION for this multipleOf (see above).
    schema: { type: 'number', multipleOf: 0.01, minimum: 0 },
    uiSchema: { 'ui:fieldType': 'money', 'ui:options': { currency: 'HKD' } },
    valueKind: 'number',
  },
  {
    type: 'email',
    category: 'basic',
    label: { en: 'Email', 'zh-Hant': '電郵' },
    description: { en: 'An email address.', 'zh-Hant': '電郵地址。' },
    schema: { type: 'string', format: 'email' },
    uiSchema: { 'ui:fieldType': 'email', 'ui:options': { inputType: 'email' } },
    valueKind: 'string',
  },
  {
    type: 'phone',
    category: 'basic',
    label: { en: 'Phone', 'zh-Hant': '電話' },
    description: {
      en: 'A Hong Kong phone number: 8 digits, optionally with +852.',
      'zh-Hant': '香港電話號碼：8 位數字，可加 +852。',
    },
    schema: { type: 'string', pattern: HK_PHONE_PATTERN },
    uiSchema: { 'ui:fieldType': 'phone', 'ui:options': { inputType: 'tel' }, 'ui:placeholder': 'e.g. 9123 4567' },
    valueKind: 'string',
    i18n: { 'zh-Hant': { '/uiSchema/ui:placeholder': '例如 9123 4567' } },
  },
  {
    type: 'hkid',
    category: 'basic',
    label: { en: 'HKID number', 'zh-Hant': '香港身份證' },
    description: {
      en: 'A Hong Kong Identity Card number such as A123456(7).',
      'zh-Hant': '香港身份證號碼，例如 A123456(7)。',
    },
    schema: { type: 'string', pattern: HKID_PATTERN },
    uiSchema: { 'ui:fieldType': 'hkid', 'ui:placeholder': 'e.g. A123456(7)' },
    valueKind: 'string',
    i18n: { 'zh-Hant': { '/uiSchema/ui:placeholder': '例如 A123456(7)' } },
  },
];

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, sampleForm, withFakeTimers } from '../testing/harness.tsx';
import { parseOptionLines } from './OptionsEditor.tsx';

const selectButton = (key: string) => within(screen.getByTestId(`field-${key}`)).getAllByRole('button')[0];
const panel = () => screen.getByRole('tabpanel');

describe('field properties', () => {
  it('edits the label in both languages; the canvas follows and one pause is one undo step', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: sampleForm() });
    await user.click(selectButton('name'));
    const en = within(panel()).getByLabelText('Label (English)');
    await user.clear(en);
    await user.type(en, 'Full name');
    await user.type(within(panel()).getByLabelText('Label (Traditional Chinese)'), '全名');
    const saved = await lastSaved(api);
    expect(saved.schema.properties.name.title).toBe('Full name');
    expect(saved.uiSchema['ui:i18n']['zh-Hant']['/schema/properties/name/title']).toBe('全名');
    expect(selectButton('name').textContent).toBe('Full name');

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(selectButton('name').textContent).toBe('Full name'); // the Chinese label went first
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(selectButton('name').textContent).toBe('Name');
    expect((within(panel()).getByLabelText('Label (English)') as HTMLInputElement).value).toBe('Name');
  });

  it('checks a key as it is typed and shows why it cannot be used, in place', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('name'));
    const key = within(panel()).getByLabelText('Key');
    await user.clear(key);
    await user.type(key, 'temperature');
    expect(within(panel()).getByRole('alert').textContent).toBe('Another field in this form already has this key.');
    expect(key.getAttribute('aria-invalid')).toBe('true');
    await user.clear(key);
    await user.type(key, '2nd name{Enter}');
    expect(within(panel()).getByRole('alert').textContent).toMatch(/starts with a letter/);
    expect(screen.getByTestId('field-name')).toBeTruthy(); // nothing committed
    await user.clear(key);
    await user.type(key, 'id');
    expect(within(panel()).getByRole('alert').textContent).toBe('This key is reserved; choose another.');
    await user.clear(key);
    await user.type(key, 'fullName{Enter}');
    expect(within(panel()).queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('field-fullName')).toBeTruthy();
  });

  it('offers the key made from the label in one click (keys never follow the label by themselves)', async () => {
    const user = withFakeTimers();
    renderWorkspace();
    await user.click(screen.getByTestId('palette-text'));
    const en = within(panel()).getByLabelText('Label (English)');
    await user.clear(en);
    await user.type(en, 'Fever details');
    await user.tab();
    expect(screen.getByTestId('field-singleLineText')).toBeTruthy();
    await user.click(within(panel()).getByRole('button', { name: 'Use “feverDetails”, from the label' }));
    expect(screen.getByTestId('field-feverDetails')).toBeTruthy();
    expect(within(panel()).queryByRole('button', { name: /from the label/ })).toBeNull();
  });

  it('sets help, placeholder, required, limits and a pattern preset, and refuses min above max', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: sampleForm() });
    await user.click(selectButton('name'));
    await user.type(within(panel()).getByLabelText('Help text (English)'), 'As on your HKID');
    await user.type(within(panel()).getByLabelText('Placeholder (Traditional Chinese)'), '陳大文');
    await user.click(within(panel()).getByLabelText('Required'));
    await user.type(within(panel()).getByLabelText('Most characters'), '80{Enter}');
    await user.selectOptions(within(panel()).getByLabelText('Format'), 'Digits only');
    let saved = await lastSaved(api);
    expect(saved.schema.required).toContain('name');
    expect(saved.schema.properties.name).toMatchObject({ maxLength: 80, pattern: '^[0-9]+$' });
    expect(saved.uiSchema.name['ui:help']).toBe('As on your HKID');
    expect(saved.uiSchema['ui:i18n']['zh-Hant']['/uiSchema/name/ui:placeholder']).toBe('陳大文');
    expect(selectButton('name').getAttribute('aria-label')).toBe('Name, Single-line text, required');

    await user.selectOptions(within(panel()).getByLabelText('Format'), 'Custom pattern…');
    const pattern = within(panel()).getByLabelText('Pattern');
    await user.type(pattern, '(?=a)');
    expect(within(panel()).getByRole('alert').textContent).toMatch(/cannot be used: lookahead/);
    await user.clear(pattern);
    await user.type(pattern, '^[[A-Z]{{3}$'); // [[ and {{ type one [ and one {
    await user.tab();
    saved = await lastSaved(api);
    expect(saved.schema.properties.name.pattern).toBe('^[A-Z]{3}$');

    await user.click(selectButton('temperature'));
    await user.type(within(panel()).getByLabelText('Smallest value'), 'abc{Enter}');
    expect(within(panel()).getByRole('alert').textContent).toBe('Enter a number, or leave it empty.');
    await user.clear(within(panel()).getByLabelText('Smallest value'));
    await user.type(within(panel()).getByLabelText('Smallest value'), '42{Enter}');
    await user.type(within(panel()).getByLabelText('Largest value'), '35{Enter}');
    expect(within(panel()).getByRole('alert').textContent).toBe('“Smallest value” cannot be more than “Largest value”.');
    saved = await lastSaved(api);
    expect(saved.schema.properties.temperature.minimum).toBe(42);
    expect(saved.schema.properties.temperature.maximum).toBeUndefined();
  });

  it('edits options: add, label in both languages, reorder, remove, paste a list', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: form() });
    await user.click(screen.getByTestId('palette-radio'));
    const options = () => within(panel()).getByRole('group', { name: 'Options' });
    await user.click(within(options()).getByRole('button', { name: 'Add option' }));
    const third = within(options()).getByLabelText('Option 3 (Traditional Chinese)');
    await user.clear(third);
    await user.type(third, '其他');
    await user.click(within(options()).getByRole('button', { name: 'Move option 3 up' }));
    await user.click(within(options()).getByRole('button', { name: 'Remove option 1' }));
    let saved = await lastSaved(api);
    expect(saved.schema.properties.singleChoice.oneOf).toEqual([
      { const: 'option3', title: 'Option 3' },
      { const: 'option-2', title: 'Option 2' },
    ]);
    expect(saved.uiSchema['ui:i18n']['zh-Hant']['/schema/properties/singleChoice/oneOf/0/title']).toBe('其他');

    await user.click(within(options()).getByRole('button', { name: 'Paste a list' }));
    await user.type(within(options()).getByLabelText('Options, one per line'), 'Warehouse | 倉庫{Enter}Office{Enter}{Enter}寫字樓');
    await user.click(within(options()).getByRole('button', { name: 'Replace the options' }));
    saved = await lastSaved(api);
    expect(saved.schema.properties.singleChoice.oneOf).toEqual([
      { const: 'warehouse', title: 'Warehouse' },
      { const: 'office', title: 'Office' },
      { const: 'option3', title: '寫字樓' },
    ]);
    expect(within(screen.getByTestId('field-singleChoice')).getByText('Warehouse')).toBeTruthy();
  });

  it('shows an expression error in place, and names unknown fields', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: sampleForm() });
    await user.click(screen.getByTestId('palette-calculated'));
    const formula = within(panel()).getByLabelText('Formula');
    await user.type(formula, 'temperature * (2');
    expect(within(panel()).getByRole('alert').textContent).toBe('Column 17: The formula ends too soon.');
    await user.clear(formula);
    await user.type(formula, 'temprature * 2');
    expect(within(panel()).getByRole('alert').textContent).toBe('There is no field with the key “temprature” in this form.');
    await user.clear(formula);
    await user.type(formula, 'round(temperature * 1.8 + 32, 1)');
    await user.tab();
    expect(within(panel()).queryByRole('alert')).toBeNull();
    const saved = await lastSaved(api);
    expect(saved.uiSchema.calculation['ui:options'].expression).toBe('round(temperature * 1.8 + 32, 1)');
  });

  it('offers only what a field type takes: no placeholder or limits on a yes/no question', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('feverish'));
    expect(within(panel()).queryByLabelText('Placeholder (English)')).toBeNull();
    expect(within(panel()).queryByLabelText('Smallest value')).toBeNull();
    expect(within(panel()).queryByLabelText('Format')).toBeNull();
    expect(within(panel()).getByLabelText('Default answer')).toBeTruthy();
    expect([...(within(panel()).getByLabelText('Default answer') as HTMLSelectElement).options].map((o) => o.text)).toEqual([
      'No default',
      'Yes',
      'No',
    ]);
  });

  it('edits the form title and description in both languages', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: sampleForm() });
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    const title = within(panel()).getByLabelText('Form title (English)');
    await user.clear(title);
    await user.type(title, 'Forklift daily check');
    await user.type(within(panel()).getByLabelText('Form title (Traditional Chinese)'), '叉車每日檢查');
    const saved = await lastSaved(api);
    expect(saved.schema.title).toBe('Forklift daily check');
    expect(saved.name).toBe('Forklift daily check');
    expect(saved.uiSchema['ui:i18n']['zh-Hant']['/schema/title']).toBe('叉車每日檢查');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Forklift daily check');
  });

  it('is in Traditional Chinese for zh-Hant', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: sampleForm(), locale: 'zh-Hant' });
    await user.click(selectButton('name'));
    expect(within(panel()).getByLabelText('標籤（英文）')).toBeTruthy();
    expect(within(panel()).getByLabelText('欄位代碼')).toBeTruthy();
    expect(within(panel()).getByLabelText('必填')).toBeTruthy();
  });
});

describe('parseOptionLines', () => {
  it('reads one option per line, "English | 中文" or a tab for both labels, and keeps values unique', () => {
    expect(parseOptionLines('Yes | 是\nNo\tNo 否\n\n  Maybe  \n是的', ['yes'])).toEqual([
      { value: 'yes2', label: { en: 'Yes', 'zh-Hant': '是' } },
      { value: 'no', label: { en: 'No', 'zh-Hant': 'No 否' } },
      { value: 'maybe', label: { en: 'Maybe', 'zh-Hant': '' } },
      { value: 'option5', label: { en: '是的', 'zh-Hant': '是的' } },
    ]);
  });
});

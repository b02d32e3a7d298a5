import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const ruleForm = () =>
  form({
    schema: {
      type: 'object',
      title: 'Check',
      properties: {
        feverish: {
          type: 'boolean',
          title: 'Feverish',
          oneOf: [
            { const: true, title: 'Yes' },
            { const: false, title: 'No' },
          ],
        },
        temperature: { type: 'number', title: 'Temperature' },
        site: {
          type: 'string',
          title: 'Site',
          oneOf: [
            { const: 'office', title: 'Office' },
            { const: 'warehouse', title: 'Warehouse' },
            { const: 'yard', title: 'Yard' },
          ],
        },
        symptoms: {
          type: 'array',
          title: 'Symptoms',
          uniqueItems: true,
          items: { type: 'string', oneOf: [{ const: 'cough', title: 'Cough' }] },
        },
        details: { type: 'string', title: 'Details' },
      },
    },
    uiSchema: {
      'ui:order': ['feverish', 'temperature', 'site', 'symptoms', 'details'],
      feverish: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio' },
      temperature: { 'ui:fieldType': 'number' },
      site: { 'ui:fieldType': 'select', 'ui:widget': 'select' },
      symptoms: { 'ui:fieldType': 'multiselect' },
      details: { 'ui:fieldType': 'textarea' },
      'ui:i18n': {
        'zh-Hant': {
          '/schema/properties/feverish/title': '發燒',
          '/schema/properties/details/title': '詳情',
          '/schema/properties/feverish/oneOf/0/title': '是',
        },
      },
    },
  });

const panel = () => screen.getByRole('tabpanel');
const optionTexts = (select: HTMLElement) => [...(select as HTMLSelectElement).options].map((o) => o.text);

describe('rules editor', () => {
  it('adds "require Details when Feverish is Yes" as a sentence; the schema gets if/then; undo takes it away', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: ruleForm() });
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    expect(within(panel()).getByText('No rules yet.')).toBeTruthy();
    await user.click(within(panel()).getByRole('button', { name: 'Add rule' }));
    const editor = within(panel()).getByRole('group', { name: 'New rule' });
    await user.selectOptions(within(editor).getByLabelText('What happens'), 'Make fields required');
    await user.click(within(editor).getByRole('checkbox', { name: 'Details' }));
    expect(optionTexts(within(editor).getByLabelText('Condition 1: field'))).toEqual([
      'Feverish',
      'Temperature',
      'Site',
      'Symptoms',
      'Details',
    ]);
    expect(optionTexts(within(editor).getByLabelText('Condition 1: comparison'))).toEqual(['is', 'is not', 'is empty', 'is filled in']);
    expect(optionTexts(within(editor).getByLabelText('Condition 1: value'))).toEqual(['Yes', 'No']);
    expect(within(editor).getByTestId('rule-sentence').textContent).toBe('Require “Details” when “Feverish” is Yes.');
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));

    expect(within(panel()).getByText('Require “Details” when “Feverish” is Yes.')).toBeTruthy();
    const saved = await lastSaved(api);
    expect(saved.schema.allOf).toEqual([
      { if: { properties: { feverish: { const: true } }, required: ['feverish'] }, then: { required: ['details'] } },
    ]);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(within(panel()).getByText('No rules yet.')).toBeTruthy();
  });

  it('offers the operators of the field type and picks values from options, lists and numbers', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: ruleForm() });
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    await user.click(within(panel()).getByRole('button', { name: 'Add rule' }));
    const editor = within(panel()).getByRole('group', { name: 'New rule' });
    const field = within(editor).getByLabelText('Condition 1: field');
    const operator = () => within(editor).getByLabelText('Condition 1: comparison');

    await user.selectOptions(field, 'Temperature');
    expect(optionTexts(operator())).toEqual([
      'is',
      'is not',
      'is more than',
      'is at least',
      'is less than',
      'is at most',
      'is one of',
      'is empty',
      'is filled in',
    ]);
    await user.selectOptions(operator(), 'is more than');
    const value = within(editor).getByLabelText('Condition 1: value');
    await user.clear(value);
    await user.type(value, '37.5');
    await user.click(within(editor).getByRole('checkbox', { name: 'Details' }));
    expect(within(editor).getByTestId('rule-sentence').textContent).toBe('Show “Details” when “Temperature” is more than 37.5.');

    await user.selectOptions(field, 'Site');
    expect(optionTexts(within(editor).getByLabelText('Condition 1: value'))).toEqual(['Office', 'Warehouse', 'Yard']);
    await user.selectOptions(operator(), 'is one of');
    const values = within(editor).getByRole('group', { name: 'Condition 1: value' });
    await user.click(within(values).getByRole('checkbox', { name: 'Yard' }));
    expect(within(editor).getByTestId('rule-sentence').textContent).toBe('Show “Details” when “Site” is one of Office, Yard.');

    await user.selectOptions(field, 'Symptoms');
    expect(optionTexts(operator())).toEqual(['includes', 'is empty', 'is filled in']);
  });

  it('builds AND / OR groups and reads them back in words', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: ruleForm() });
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    await user.click(within(panel()).getByRole('button', { name: 'Add rule' }));
    const editor = within(panel()).getByRole('group', { name: 'New rule' });
    await user.selectOptions(within(editor).getByLabelText('What happens'), 'Hide fields');
    await user.click(within(editor).getByRole('checkbox', { name: 'Details' }));
    await user.selectOptions(within(editor).getAllByLabelText('Match')[0], 'Any of these is true (OR)');
    await user.click(within(editor).getAllByRole('button', { name: 'Add group' })[0]);
    // The new group starts with one condition (2.1); give it a second one.
    const group = within(editor).getByRole('group', { name: 'Group 2' });
    expect(within(group).getByRole('group', { name: 'Condition 2.1' })).toBeTruthy();
    await user.click(within(group).getByRole('button', { name: 'Add condition' }));
    await user.selectOptions(within(group).getByLabelText('Condition 2.2: field'), 'Site');
    expect(within(editor).getByTestId('rule-sentence').textContent).toBe(
      'Hide “Details” when “Feverish” is Yes or (“Feverish” is Yes and “Site” is Office).',
    );
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));
    const saved = await lastSaved(api);
    expect(saved.uiSchema.details['ui:options'].visibleWhen).toBeTruthy();
  });

  it('explains a rule it cannot save, in place, and edits and deletes saved rules', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: ruleForm() });
    await user.click(screen.getByRole('tab', { name: 'Rules' }));
    await user.click(within(panel()).getByRole('button', { name: 'Add rule' }));
    let editor = within(panel()).getByRole('group', { name: 'New rule' });
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));
    expect(within(editor).getByRole('alert').textContent).toBe('Choose at least one field the rule applies to.');
    await user.click(within(editor).getByRole('checkbox', { name: 'Feverish' })); // depends on itself
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));
    expect(within(editor).getByRole('alert').textContent).toBe('The rule is not complete or not valid.');
    await user.click(within(editor).getByRole('checkbox', { name: 'Feverish' }));
    await user.click(within(editor).getByRole('checkbox', { name: 'Temperature' }));
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));
    expect(within(panel()).getByText('Show “Temperature” when “Feverish” is Yes.')).toBeTruthy();

    await user.click(within(panel()).getByRole('button', { name: 'Edit rule 1' }));
    editor = within(panel()).getByRole('group', { name: 'Edit rule' });
    await user.selectOptions(within(editor).getByLabelText('Condition 1: value'), 'No');
    await user.click(within(editor).getByRole('button', { name: 'Save rule' }));
    expect(within(panel()).queryByRole('group', { name: 'Edit rule' })).toBeNull();
    expect(within(panel()).getByText('Show “Temperature” when “Feverish” is No.')).toBeTruthy();
    await user.click(within(panel()).getByRole('button', { name: 'Delete rule 1' }));
    expect(within(panel()).getByText('No rules yet.')).toBeTruthy();
  });

  it('writes the sentence in Traditional Chinese', async () => {
    const user = withFakeTimers();
    renderWorkspace({ theForm: ruleForm(), locale: 'zh-Hant' });
    await user.click(screen.getByRole('tab', { name: '規則' }));
    await user.click(within(panel()).getByRole('button', { name: '新增規則' }));
    const editor = within(panel()).getByRole('group', { name: '新規則' });
    await user.selectOptions(within(editor).getByLabelText('執行動作'), '設為必填');
    await user.click(within(editor).getByRole('checkbox', { name: '詳情' }));
    expect(within(editor).getByTestId('rule-sentence').textContent).toBe('當「發燒」為「是」時，必須填寫「詳情」。');
  });
});

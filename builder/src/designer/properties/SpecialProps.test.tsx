import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';
import { autonumberProblem } from './SpecialProps.tsx';

const panel = () => screen.getByRole('tabpanel');

describe('relation and auto-number properties', () => {
  it('links to another form of the app and picks the field that names its records', async () => {
    const user = withFakeTimers();
    const items = form(
      {
        schema: { type: 'object', properties: { sku: { type: 'string', title: 'SKU' }, name: { type: 'string', title: 'Item name' } } },
        uiSchema: { 'ui:i18n': { 'zh-Hant': { '/schema/properties/name/title': '物品名稱' } } },
      },
      { id: 'items', name: 'Stock items' },
    );
    const api = fakeDesignerApi({ listForms: () => Promise.resolve([form(), items]) });
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-relation'));
    const target = await within(panel()).findByLabelText('Link to records of');
    expect([...(target as HTMLSelectElement).options].map((o) => o.text)).toEqual(['Choose a form…', 'Stock items']); // not itself
    expect(api.listForms).toHaveBeenCalledWith('app1');
    await user.selectOptions(target, 'Stock items');
    await user.selectOptions(within(panel()).getByLabelText('Show records by'), 'Item name (name)');
    const saved = await lastSaved(api);
    expect(saved.uiSchema.linkedRecord['ui:options']).toMatchObject({ form: 'items', displayField: 'name' });
  });

  it('checks an auto-number pattern the way the server does', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-autonumber'));
    const pattern = within(panel()).getByLabelText('Number pattern');
    await user.type(pattern, 'PR-{{YYYY}');
    expect(within(panel()).getByRole('alert').textContent).toBe('The pattern needs exactly one counter, such as {0000}.');
    await user.type(pattern, '-{{0000}{Enter}');
    expect(within(panel()).queryByRole('alert')).toBeNull();
    const saved = await lastSaved(api);
    expect(JSON.stringify(saved.uiSchema.autoNumber['ui:options'])).toContain('PR-{YYYY}-{0000}');
  });

  it('autonumberProblem', () => {
    expect(autonumberProblem('PR-{YYYY}-{0000}')).toBeNull();
    expect(autonumberProblem('{0000}{00}')).toBe('oneCounter');
    expect(autonumberProblem('{WEEK}-{000}')).toBe('unknownPlaceholder');
    expect(autonumberProblem('A}{000}')).toBe('stray');
    expect(autonumberProblem('x'.repeat(101))).toBe('tooLong');
  });
});

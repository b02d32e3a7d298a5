import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, form, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const panel = () => screen.getByRole('tabpanel');
type JsonObject = Record<string, any>;
const selectKey = (uiSchema: JsonObject) => Object.keys(uiSchema).find((k) => uiSchema[k]?.['ui:fieldType'] === 'select')!;

describe('a choice with options from another form', () => {
  it('picks the form and its field, and saves ui:options.optionsFrom without fixed options', async () => {
    const user = withFakeTimers();
    const departments = form(
      {
        schema: { type: 'object', properties: { code: { type: 'string', title: 'Code' }, name: { type: 'string', title: 'Name' } } },
        uiSchema: {},
      },
      { id: 'departments', name: 'Departments' },
    );
    const api = fakeDesignerApi({ listForms: () => Promise.resolve([form(), departments]) });
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-select'));
    const source = within(panel()).getByLabelText('Options come from');
    expect([...(source as HTMLSelectElement).options].map((o) => o.text)).toEqual(['A list typed here', "Another form's records"]);
    await user.selectOptions(source, "Another form's records");
    await user.selectOptions(await within(panel()).findByLabelText('Take options from'), 'Departments');
    await user.selectOptions(within(panel()).getByLabelText('Use the values of'), 'Name (name)');
    const saved = await lastSaved(api);
    const key = selectKey(saved.uiSchema);
    expect(saved.uiSchema[key]['ui:options'].optionsFrom).toEqual({ form: 'departments', field: 'name' });
    expect(saved.schema.properties[key].oneOf).toBeUndefined();
    // the registry's starting options are not offered as a default answer (nor on the canvas)
    expect(within(panel()).getByLabelText('Default answer').tagName).toBe('INPUT');

    // back to a typed list: the registry's default options return
    await user.selectOptions(within(panel()).getByLabelText('Options come from'), 'A list typed here');
    const again = await lastSaved(api);
    expect(again.uiSchema[key]['ui:options']?.optionsFrom).toBeUndefined();
    expect(again.schema.properties[key].oneOf?.length).toBeGreaterThan(0);
  });
});

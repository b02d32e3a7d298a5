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
    const theForm = form({
      schema: { type: 'object', title: 'Request', properties: { deptCode: { type: 'string', title: 'Department code' } } },
      uiSchema: {},
    });
    const api = fakeDesignerApi({ listForms: () => Promise.resolve([theForm, departments]) });
    renderWorkspace({ api, theForm });
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

    // data linkage: fill a field beside the select from the record holding the chosen value
    expect(within(panel()).getByText(/When a value is chosen, fill a field of this form/)).toBeTruthy();
    await user.click(within(panel()).getByRole('button', { name: 'Fill another field' }));
    await user.selectOptions(within(panel()).getByLabelText('Fill this field (row 1)'), 'Department code (deptCode)');
    await user.selectOptions(within(panel()).getByLabelText('With this field of the record (row 1)'), 'Code (code)');
    const linked = await lastSaved(api);
    expect(linked.uiSchema[key]['ui:options']).toEqual({ optionsFrom: { form: 'departments', field: 'name' }, fill: { deptCode: 'code' } });
    // picking another source field keeps the map
    await user.selectOptions(within(panel()).getByLabelText('Use the values of'), 'Code (code)');
    expect((await lastSaved(api)).uiSchema[key]['ui:options']).toEqual({
      optionsFrom: { form: 'departments', field: 'code' },
      fill: { deptCode: 'code' },
    });

    // back to a typed list: the registry's default options return
    await user.selectOptions(within(panel()).getByLabelText('Options come from'), 'A list typed here');
    const again = await lastSaved(api);
    expect(again.uiSchema[key]['ui:options']?.optionsFrom).toBeUndefined();
    expect(again.schema.properties[key].oneOf?.length).toBeGreaterThan(0);
  });
});

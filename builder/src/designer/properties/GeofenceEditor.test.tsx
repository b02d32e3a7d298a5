import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeDesignerApi, lastSaved, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const panel = () => screen.getByRole('tabpanel');

describe('location field: sites and fence', () => {
  it('adds a site, names it in both languages, places it, and saves the fence as ui:options', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-location'));
    await user.click(within(panel()).getByRole('button', { name: 'Add a site' }));
    const site = within(panel()).getByRole('group', { name: 'Site 1' });
    const english = within(site).getByLabelText('Name (English)');
    await user.clear(english);
    await user.type(english, 'Tuen Mun Depot');
    const chinese = within(site).getByLabelText('Name (Traditional Chinese)');
    await user.clear(chinese);
    await user.type(chinese, '屯門倉');
    const lat = within(site).getByLabelText('Latitude');
    await user.clear(lat);
    await user.type(lat, '22.3916{Enter}');
    const lng = within(site).getByLabelText('Longitude');
    await user.clear(lng);
    await user.type(lng, '113.977{Enter}');
    await user.type(within(site).getByLabelText('Radius (m)'), '300{Enter}');
    await user.selectOptions(within(panel()).getByLabelText('A check-in outside every site'), 'flag');
    const saved = await lastSaved(api);
    const options = Object.values(saved.uiSchema).find((ui: any) => ui?.['ui:fieldType'] === 'location')['ui:options'];
    expect(options).toEqual({
      sites: [{ name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977, radius: 300 }],
      outsideFence: 'flag',
    });
  }, 20_000); // many keystrokes: slow on a loaded machine

  it('does not save a site the server would refuse, and says why', async () => {
    const user = withFakeTimers();
    renderWorkspace({ api: fakeDesignerApi() });
    await user.click(screen.getByTestId('palette-location'));
    await user.click(within(panel()).getByRole('button', { name: 'Add a site' }));
    const lat = within(within(panel()).getByRole('group', { name: 'Site 1' })).getByLabelText('Latitude');
    await user.clear(lat);
    await user.type(lat, '95{Enter}');
    expect(within(panel()).getByRole('alert').textContent).toMatch(/latitude from -90 to 90/);
  });
});

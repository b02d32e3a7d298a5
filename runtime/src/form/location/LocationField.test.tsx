import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultFieldTypes } from '@formloom/schemas';
import { apiError, fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const DEPOT = { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977, radius: 300 };
const doc = (options: Record<string, unknown>) => ({
  schema: {
    type: 'object',
    title: 'Check in',
    required: ['where'],
    properties: { where: { ...defaultFieldTypes.getOrThrow('location').schema, title: 'Where are you?' } },
  },
  uiSchema: { where: { 'ui:fieldType': 'location', 'ui:options': options } },
});

type Reply = { coords: { latitude: number; longitude: number; accuracy: number } } | { code: number };

/** navigator.geolocation answering each call with the next reply. */
function fakeGeolocation(...replies: Reply[]) {
  const getCurrentPosition = vi.fn((ok: PositionCallback, fail?: PositionErrorCallback | null, _options?: PositionOptions) => {
    const reply = replies.shift();
    if (!reply) throw new Error('no more geolocation replies');
    if ('coords' in reply) ok(reply as unknown as GeolocationPosition);
    else fail?.(reply as unknown as GeolocationPositionError);
  });
  Object.defineProperty(navigator, 'geolocation', { value: { getCurrentPosition }, configurable: true });
  return getCurrentPosition;
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'geolocation');
});

const submitted = (data: Record<string, unknown>) =>
  Promise.resolve({ id: 's1', formId: 'form1', formVersion: 1, data, createdAt: '', createdBy: 'u', createdByName: 'U' });

describe('location field', () => {
  it('reads a high-accuracy GPS position, shows it inside the nearest site’s fence and submits it', async () => {
    const gps = fakeGeolocation({ coords: { latitude: 22.39201234567, longitude: 113.97712, accuracy: 12.34 } });
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc({ sites: [DEPOT] }))),
      createSubmission: (_f, data) => submitted(data),
    });
    renderApp('/f/form1', { api });
    await userEvent.click(await screen.findByRole('button', { name: /Get my location/ }));
    expect(gps.mock.calls[0][2]).toMatchObject({ enableHighAccuracy: true, maximumAge: 0 });
    const fieldset = screen.getByRole('group', { name: /Where are you/ });
    expect(within(fieldset).getByText('Inside')).toBeTruthy();
    expect(within(fieldset).getByText('±12 m')).toBeTruthy();
    expect(within(fieldset).getByText('Tuen Mun Depot')).toBeTruthy();
    // Coordinates are shown, never typed: there is no text box.
    expect(within(fieldset).queryByRole('textbox')).toBeNull();
    expect(within(fieldset).queryByRole('spinbutton')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      { where: { lat: 22.3920123, lng: 113.97712, accuracy: 12.3 } },
      expect.any(String),
    );
  });

  it('warns about poor accuracy and an outside reading, and shows the server’s refusal at the field', async () => {
    fakeGeolocation({ coords: { latitude: 22.4016, longitude: 113.977, accuracy: 240 } });
    const details = [
      {
        path: '/where',
        message: 'is 1068 m from Tuen Mun Depot, outside its 300 m fence',
        keyword: 'geofence',
        params: { distance: 1068, site: 'Tuen Mun Depot', siteName: DEPOT.name, radius: 300 },
      },
    ];
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(doc({ sites: [DEPOT], maxAccuracy: 50 }))),
      createSubmission: () => Promise.reject(apiError({ statusCode: 422, code: 'outside_geofence', details })),
    });
    renderApp('/f/form1', { api });
    await userEvent.click(await screen.findByRole('button', { name: /Get my location/ }));
    const fieldset = screen.getByRole('group', { name: /Where are you/ });
    expect(within(fieldset).getByText('Outside')).toBeTruthy();
    expect(within(fieldset).getByText(/1\.1 km away · fence 300 m/)).toBeTruthy();
    expect(within(fieldset).getByText(/Accuracy ±240 m is not good enough: this form needs ±50 m/)).toBeTruthy();
    expect(within(fieldset).getByRole('button', { name: /Try again/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByText('You were 1068 m from Tuen Mun Depot, outside its 300 m fence. Go to the site and get your location again.');
  });

  it('explains a blocked permission, and a timeout, in words a person can act on', async () => {
    fakeGeolocation({ code: 1 }, { code: 3 });
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(doc({}))) });
    renderApp('/f/form1', { api });
    const button = await screen.findByRole('button', { name: /Get my location/ });
    await userEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Location permission is blocked/);
    await userEvent.click(button);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/took too long/));
  });
});

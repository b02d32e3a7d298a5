import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../api/errors.ts';
import type { Submission } from '../api/types.ts';
import health from '../test/fixtures/healthDeclaration.json';
import purchase from '../test/fixtures/purchaseRequest.json';
import { apiError, fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';

/** A small order form: a name and rows of products with quantities, nothing required client-side. */
const orderForm = {
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Order',
    type: 'object',
    properties: {
      customer: { type: 'string', title: 'Customer' },
      items: {
        type: 'array',
        title: 'Items',
        items: {
          type: 'object',
          properties: { product: { type: 'string', title: 'Product' }, qty: { type: 'number', title: 'Quantity' } },
        },
      },
    },
  },
  uiSchema: {
    customer: { 'ui:fieldType': 'text' },
    items: { 'ui:fieldType': 'subtable', items: { product: { 'ui:fieldType': 'text' }, qty: { 'ui:fieldType': 'number' } } },
  },
};

const created = (data: Record<string, unknown>): Submission => ({
  id: 's1',
  formId: 'form1',
  formVersion: 1,
  data,
  createdAt: '2025-03-01T02:00:00.000Z',
  createdBy: 'u1',
  createdByName: 'Chan Mei',
});

/** The rjsf field wrapper (label, input, errors) holding the control labelled `label`. */
const fieldOf = (label: string | RegExp) => screen.getByLabelText(label).closest('.form-group') as HTMLElement;

describe('FillFormPage', () => {
  it('renders the published version localized in zh-Hant, rjsf’s own strings included', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(health)) });
    renderApp('/f/form1', { api, locale: 'zh-Hant' });
    expect(await screen.findByText('每日健康申報')).toBeTruthy();
    expect(screen.getByLabelText(/體溫 \(°C\)/)).toBeTruthy();
    expect(screen.getByText('出門前量度體溫。37.5°C 或以上即屬發燒。')).toBeTruthy();
    expect(screen.getByLabelText('沒有以上病徵')).toBeTruthy(); // a multi-select option
    expect(screen.getByLabelText('是')).toBeTruthy(); // yes/no from the registry's translations
    expect(screen.getByText('開始前')).toBeTruthy(); // static text field
    expect(screen.getByRole('button', { name: '提交' })).toBeTruthy();
    expect(screen.queryByText('Body temperature (°C)')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });

  it('uses rjsf translateString for array buttons in zh-Hant', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(orderForm)) });
    renderApp('/f/form1', { api, locale: 'zh-Hant' });
    await userEvent.click(await screen.findByRole('button', { name: /新增項目/ }));
    expect(screen.getByRole('button', { name: '移除第 1 行' })).toBeTruthy(); // the sub-table's own label, with the row number
  });

  it('shows an inline error at a missing required field, and clears it as the person answers', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(health)) });
    renderApp('/f/form1', { api });
    await screen.findByText('Daily health declaration');
    // Nothing is red before the first attempt.
    expect(screen.queryByText('This field is required')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    const temperature = fieldOf(/Body temperature/);
    expect(await within(temperature).findByText('This field is required')).toBeTruthy();
    expect(temperature.className).toContain('has-error');
    expect(within(fieldOf(/Where are you working today/)).getByText('This field is required')).toBeTruthy();
    // Nothing is answered for the person: the declaration is not ticked, Yes/No not pre-chosen.
    expect((screen.getByLabelText(/I declare/) as HTMLInputElement).checked).toBe(false);
    expect(
      within(screen.getByText(/Close contact with a confirmed case/).closest('.form-group') as HTMLElement).getByText(
        'This field is required',
      ),
    ).toBeTruthy();
    expect(api.createSubmission).not.toHaveBeenCalled();

    // Live validation from now on: answering clears that field's error only.
    await userEvent.type(screen.getByLabelText(/Body temperature/), '36.6');
    await waitFor(() => expect(within(fieldOf(/Body temperature/)).queryByText('This field is required')).toBeNull());
    expect(within(fieldOf(/Where are you working today/)).getByText('This field is required')).toBeTruthy();
    // ...and a new mistake shows while typing, without pressing Submit again.
    await userEvent.clear(screen.getByLabelText(/Body temperature/));
    await userEvent.type(screen.getByLabelText(/Body temperature/), '97');
    expect(await within(fieldOf(/Body temperature/)).findByText('Must be 43 or less')).toBeTruthy();
  });

  it('submits the health declaration once answered; the untouched optional location does not block it', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(health)),
      createSubmission: (_f, data) => Promise.resolve(created(data)),
    });
    renderApp('/f/form1', { api });
    await userEvent.type(await screen.findByLabelText(/Body temperature/), '36.5');
    await userEvent.click(screen.getByLabelText('Fever'));
    await userEvent.click(screen.getByLabelText('No'));
    await userEvent.selectOptions(screen.getByLabelText(/Where are you working/), 'Office');
    await userEvent.click(screen.getByLabelText(/I declare/));
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      { temperature: 36.5, symptoms: ['fever'], closeContact: false, workLocation: 'office', declaration: true },
      expect.any(String),
    );
  });

  it('shows the server’s 422 details in the UI language, from keyword and params', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(orderForm)),
      createSubmission: () =>
        Promise.reject(
          apiError({
            statusCode: 422,
            code: 'validation_failed',
            details: [{ path: '/customer', message: 'is required', keyword: 'required', params: { missingProperty: 'customer' } }],
          }),
        ),
    });
    renderApp('/f/form1', { api, locale: 'zh-Hant' });
    await userEvent.type(await screen.findByLabelText(/Customer|客戶/), 'ACME');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText(/此欄必須填寫/)).toBeTruthy();
    expect(screen.queryByText('is required')).toBeNull();
  });

  it('explains a refused stock movement in the UI language, and any other refusal with the server’s reason', async () => {
    const refusals = [
      apiError({ statusCode: 409, code: 'insufficient_stock', details: { item: 'i1', zone: 'z1', onHand: 2, requested: 5 } }),
      apiError({ statusCode: 409, code: 'movement_locked', message: 'Record a correcting movement instead.' }),
    ];
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(orderForm)),
      createSubmission: () => Promise.reject(refusals.shift()),
    });
    renderApp('/f/form1', { api, locale: 'zh-Hant' });
    await userEvent.type(await screen.findByLabelText(/Customer|客戶/), 'ACME');
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText(/該區域只有 2 件存貨，今次需要 5 件/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(await screen.findByText('未能儲存：Record a correcting movement instead.')).toBeTruthy();
    expect(screen.queryByText(/系統出現問題/)).toBeNull();
  });

  it('shows the server’s 422 details at the matching fields, nested rows included', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(orderForm)),
      createSubmission: () =>
        Promise.reject(
          apiError({
            statusCode: 422,
            code: 'validation_failed',
            details: [
              { path: '/items/0/qty', message: 'Only 5 left in stock' },
              { path: '/customer', message: 'Customer is on hold' },
            ],
          }),
        ),
    });
    renderApp('/f/form1', { api });
    await userEvent.type(await screen.findByLabelText('Customer'), 'ACME');
    await userEvent.click(screen.getByRole('button', { name: /Add Item/ }));
    await userEvent.type(screen.getByLabelText('Product'), 'Masks');
    await userEvent.type(screen.getByLabelText('Quantity'), '9');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));

    expect(await within(fieldOf('Quantity')).findByText('Only 5 left in stock')).toBeTruthy();
    expect(within(fieldOf('Customer')).getByText('Customer is on hold')).toBeTruthy();
    expect(within(fieldOf('Product')).queryByText(/stock|hold/)).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('Some answers need attention');
    expect(api.createSubmission).toHaveBeenCalledWith(
      'form1',
      { customer: 'ACME', items: [{ product: 'Masks', qty: 9 }] },
      expect.any(String),
    );

    // Changing the quantity withdraws the server's complaint about it; the other stays.
    await userEvent.clear(screen.getByLabelText('Quantity'));
    await userEvent.type(screen.getByLabelText('Quantity'), '5');
    await waitFor(() => expect(screen.queryByText('Only 5 left in stock')).toBeNull());
    expect(screen.getByText('Customer is on hold')).toBeTruthy();
  });

  it('keeps a submission whose sending failed on the device; the outbox sends it with the same Idempotency-Key; the next one gets a new key', async () => {
    let attempt = 0;
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(orderForm)),
      createSubmission: (_formId, data) =>
        ++attempt === 1 ? Promise.reject(new NetworkError(new TypeError('Failed to fetch'))) : Promise.resolve(created(data)),
    });
    renderApp('/f/form1', { api });
    await userEvent.type(await screen.findByLabelText('Customer'), 'ACME');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByRole('heading', { name: 'Saved on this phone' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull(); // not an error

    await waitFor(() => expect(api.createSubmission).toHaveBeenCalledTimes(2));
    const [first, second] = api.createSubmission.mock.calls;
    expect(first[2]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).toEqual(first[1]);

    // "Submit another" is a new fill attempt: empty form, new key.
    await userEvent.click(screen.getByRole('button', { name: 'Submit another' }));
    const customer = (await screen.findByLabelText('Customer')) as HTMLInputElement;
    expect(customer.value).toBe('');
    await userEvent.type(customer, 'Beta');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('heading', { name: 'Thank you!' });
    expect(api.createSubmission.mock.calls[2][2]).not.toBe(first[2]);
  });

  it('confirms a submission with links to submit another and to the submissions', async () => {
    const api = fakeApi({
      getForm: () => Promise.resolve(publishedForm(orderForm)),
      createSubmission: (_f, data) => Promise.resolve(created(data)),
    });
    renderApp('/f/form1', { api });
    await userEvent.type(await screen.findByLabelText('Customer'), 'ACME');
    fireEvent.submit(screen.getByRole('button', { name: 'Submit' }).closest('form')!);
    expect(await screen.findByText('Your response to “Order” has been submitted.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'View submissions' }).getAttribute('href')).toBe('/f/form1/submissions');
    expect(screen.getByRole('button', { name: 'Submit another' })).toBeTruthy();
  });

  it('fills calculated totals as rows change', async () => {
    const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(purchase)) });
    renderApp('/f/form1', { api });
    // The table's minItems: 1 gives one row to start with.
    await userEvent.type(await screen.findByLabelText(/Quantity/), '3');
    await userEvent.type(screen.getByLabelText(/Unit price/), '12.5');
    await waitFor(() => expect(screen.getByLabelText(/Total \(HKD\)/).textContent).toBe('HK$37.50'));
    await userEvent.click(screen.getByRole('button', { name: /Add Item/ }));
    const [, quantity2] = screen.getAllByLabelText(/Quantity/);
    const [, price2] = screen.getAllByLabelText(/Unit price/);
    await userEvent.type(quantity2, '2');
    await userEvent.type(price2, '0.1');
    await waitFor(() => expect(screen.getByLabelText(/Total \(HKD\)/).textContent).toBe('HK$37.70'));
  });

  it('says clearly when the form has never been published', async () => {
    const form = { ...publishedForm(orderForm), published: null, latestVersion: null, status: 'draft' as const };
    const api = fakeApi({ getForm: () => Promise.resolve(form) });
    renderApp('/f/form1', { api });
    expect(await screen.findByRole('heading', { name: 'This form is not open yet' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Submit' })).toBeNull();
  });

  it('shows not found for an unknown form', async () => {
    const api = fakeApi({ getForm: () => Promise.reject(apiError({ statusCode: 404, code: 'form_not_found' })) });
    renderApp('/f/nope', { api });
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeTruthy();
  });
});

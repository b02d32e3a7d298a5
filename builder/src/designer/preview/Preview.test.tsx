import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { form, renderWorkspace } from '../testing/harness.tsx';

/** An order line with a calculated total and "details are required when feverish is Yes". */
const liveForm = () =>
  form({
    schema: {
      type: 'object',
      title: 'Order',
      properties: {
        qty: { type: 'number', title: 'Quantity' },
        price: { type: 'number', title: 'Unit price' },
        total: { type: 'number', title: 'Total', readOnly: true },
        feverish: {
          type: 'boolean',
          title: 'Feverish',
          oneOf: [
            { const: true, title: 'Yes' },
            { const: false, title: 'No' },
          ],
        },
        details: { type: 'string', title: 'Details' },
      },
      allOf: [{ if: { properties: { feverish: { const: true } }, required: ['feverish'] }, then: { required: ['details'] } }],
    },
    uiSchema: {
      'ui:order': ['qty', 'price', 'total', 'feverish', 'details'],
      qty: { 'ui:fieldType': 'number' },
      price: { 'ui:fieldType': 'number' },
      total: { 'ui:fieldType': 'calculated', 'ui:readonly': true, 'ui:options': { expression: 'qty * price' } },
      feverish: { 'ui:fieldType': 'yesno', 'ui:widget': 'radio', 'ui:options': { inline: true } },
      details: { 'ui:fieldType': 'text' },
    },
  });

describe('preview', () => {
  it('renders the draft with the runtime renderer, in a phone frame or on a desktop, calculations and rules live', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: liveForm() });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByRole('button', { name: 'Preview' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByTestId('canvas')).toBeNull();
    const preview = screen.getByTestId('preview');
    expect(within(preview).getByTestId('preview-desktop')).toBeTruthy();
    await user.click(within(preview).getByRole('button', { name: 'Phone' }));
    expect(within(preview).getByTestId('preview-phone')).toBeTruthy();

    const qty = await within(preview).findByLabelText('Quantity');
    await user.type(qty, '3');
    await user.type(within(preview).getByLabelText('Unit price'), '2.5');
    await waitFor(() => expect((within(preview).getByLabelText('Total') as HTMLInputElement).value).toBe('7.5'));

    await user.click(within(preview).getByRole('radio', { name: 'Yes' }));
    await user.click(within(preview).getByRole('button', { name: 'Check answers' }));
    await waitFor(() => expect(within(preview).getAllByText(/required/i).length).toBeGreaterThan(0));
    expect(within(preview).queryByText('All answers are valid.')).toBeNull();
    await user.type(within(preview).getByLabelText(/Details/), 'Since Monday');
    await user.click(within(preview).getByRole('button', { name: 'Check answers' }));
    expect(await within(preview).findByText('All answers are valid.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(screen.getByTestId('canvas')).toBeTruthy();
  });

  it('shows and hides fields by their rules as the person answers', async () => {
    const user = userEvent.setup();
    const theForm = liveForm();
    (theForm.draft.uiSchema.details as Record<string, unknown>)['ui:options'] = {
      visibleWhen: { field: ['feverish'], op: 'eq', value: true },
    };
    renderWorkspace({ theForm });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    const preview = screen.getByTestId('preview');
    await within(preview).findByLabelText('Quantity');
    expect(within(preview).queryByLabelText(/Details/)).toBeNull();
    await user.click(within(preview).getByRole('radio', { name: 'Yes' }));
    expect(await within(preview).findByLabelText(/Details/)).toBeTruthy();
    await user.click(within(preview).getByRole('radio', { name: 'No' }));
    await waitFor(() => expect(within(preview).queryByLabelText(/Details/)).toBeNull());
  });

  it('follows edits made while previewing (the form title from the Form tab)', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: liveForm(), locale: 'zh-Hant' });
    await user.click(screen.getByRole('button', { name: '預覽' }));
    await user.click(screen.getByRole('tab', { name: '表單' }));
    await user.type(screen.getByLabelText('表單標題（繁體中文）'), '訂單');
    await waitFor(() => expect(within(screen.getByTestId('preview')).getAllByText('訂單').length).toBeGreaterThan(0));
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Submission } from '../../api/types.ts';
import { fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';

const form = {
  schema: { type: 'object', title: 'Leave request', properties: { reason: { type: 'string', title: 'Reason' } } },
  uiSchema: {},
};

function fill(status: Submission['status']) {
  const created: Submission = {
    id: 's77',
    formId: 'form1',
    formVersion: 1,
    data: {},
    createdAt: '2026-11-20T01:00:00.000Z',
    createdBy: 'u1',
    createdByName: 'Chan Mei',
    status,
  };
  const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(form)), createSubmission: () => Promise.resolve(created) });
  return renderApp('/f/form1', { api });
}

// The fill page's thank-you for a form with an approval flow (the rest of that page is FillFormPage.test).
describe('Submitting a form with an approval flow', () => {
  it('says it went for approval and links to the record', async () => {
    const user = userEvent.setup();
    fill('pending');
    await user.type(await screen.findByRole('textbox', { name: 'Reason' }), 'Trip');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText(/Leave request was submitted and has gone for approval/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Follow its approval' }).getAttribute('href')).toBe('/r/s77');
  });

  it('says nothing of approval for a form without a flow', async () => {
    const user = userEvent.setup();
    fill('submitted');
    await user.type(await screen.findByRole('textbox', { name: 'Reason' }), 'Trip');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await screen.findByRole('button', { name: 'Submit another' });
    expect(screen.queryByText(/gone for approval/)).toBeNull();
    expect(screen.queryByRole('link', { name: 'Follow its approval' })).toBeNull();
  });
});

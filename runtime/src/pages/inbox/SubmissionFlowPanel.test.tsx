import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { fakeApi, publishedForm } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { FakeWorkflowServer, FORM_DOC, submission, submittedEntry, type FakeFlow } from './fakeWorkflowServer.ts';

const approvedByManager = {
  at: '2026-11-20T02:00:00.000Z',
  action: 'approved' as const,
  nodeId: 'manager',
  nodeName: { en: 'Manager', 'zh-Hant': '經理' },
  actorId: 'u5',
  actorName: 'Chan Tai Man',
  userIds: [],
  userNames: [],
  comment: 'OK from me',
};

/** The record page of submission s1, signed in as u1 (the fake session's user). */
function setup(flow: FakeFlow | null, { submitter = 'u1', locale = 'en' as 'en' | 'zh-Hant' } = {}) {
  const server = new FakeWorkflowServer();
  server.submissions = [submission({ createdBy: submitter })];
  if (flow) server.flows.set('s1', { ...flow, items: [submittedEntry(submitter, 'Chan Mei'), ...flow.items] });
  const api = fakeApi({ request: server.request, getForm: () => Promise.resolve(publishedForm(FORM_DOC)) } as Partial<ApiClient>);
  return { server, ...renderApp('/r/s1', { api, locale }) };
}

const panel = () => screen.getByRole('region', { name: /^Approval$|^審批$/ });

describe('SubmissionFlowPanel', () => {
  it('shows status, who has it now and the timeline; the submitter withdraws after confirming', async () => {
    const user = userEvent.setup();
    const { server } = setup({
      status: 'pending',
      items: [approvedByManager],
      current: [{ nodeId: 'hr', nodeName: { en: 'HR' }, mode: 'any', assignees: [{ id: 'u7', name: 'Ho Wing', status: 'pending' }] }],
    });
    await screen.findByRole('heading', { name: 'Approval' });
    expect(within(panel()).getByText('Pending approval')).toBeTruthy();
    expect(within(panel()).getByText('With Ho Wing now')).toBeTruthy();
    expect(within(panel()).getByText('Chan Tai Man approved')).toBeTruthy();
    expect(within(panel()).getByText('OK from me')).toBeTruthy();
    expect(within(panel()).getByText('Waiting for Ho Wing')).toBeTruthy();

    await user.click(within(panel()).getByRole('button', { name: 'Withdraw' }));
    const dialog = within(panel()).getByRole('alertdialog');
    expect(server.callsTo('POST', /\/withdraw$/)).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Yes, withdraw' }));
    await waitFor(() => expect(within(panel()).getByText('Withdrawn', { selector: '.fl-badge' })).toBeTruthy());
    expect(server.callsTo('POST', /\/withdraw$/)).toHaveLength(1);
    expect(within(panel()).queryByRole('button', { name: 'Withdraw' })).toBeNull();
    expect(within(panel()).getByRole('status').textContent).toBe('Withdrawn.');
  });

  it('the submitter sends the approvers an urgent reminder about this request', async () => {
    const user = userEvent.setup();
    const { server } = setup({
      status: 'pending',
      items: [],
      current: [
        {
          nodeId: 'hr',
          nodeName: { en: 'HR' },
          mode: 'all',
          assignees: [
            { id: 'u7', name: 'Ho Wing', status: 'pending' },
            { id: 'u8', name: 'Lee Ka', status: 'approved' },
          ],
        },
      ],
    });
    await screen.findByRole('heading', { name: 'Approval' });
    await user.click(within(panel()).getByRole('button', { name: 'Urgent reminder' }));
    const dialog = await screen.findByRole('dialog', { name: 'Send urgent reminder' });
    await user.type(within(dialog).getByLabelText('Message'), 'Please approve today');
    await user.click(within(dialog).getByRole('button', { name: 'Send reminder' }));
    // Only the approver still to act is reminded, about this submission.
    await waitFor(() => expect(server.callsTo('POST', /^\/api\/notifications\/urgent$/)).toHaveLength(1));
    expect(server.callsTo('POST', /^\/api\/notifications\/urgent$/)[0]!.body).toEqual({
      userIds: ['u7'],
      message: 'Please approve today',
      submissionId: 's1',
    });
  });

  it('offers no withdraw to someone who is not the submitter', async () => {
    setup({ status: 'pending', items: [], current: [] }, { submitter: 'u2' });
    await screen.findByRole('heading', { name: 'Approval' });
    expect(within(panel()).queryByRole('button', { name: 'Withdraw' })).toBeNull();
  });

  it('when returned: shows the reason, and the submitter edits and resubmits', async () => {
    const user = userEvent.setup();
    const { server } = setup({
      status: 'returned',
      items: [{ ...approvedByManager, action: 'returned', comment: 'Attach the medical certificate' }],
      current: [],
    });
    await screen.findByRole('heading', { name: 'Approval' });
    expect(within(panel()).getByText('Chan Tai Man returned this to you for changes')).toBeTruthy();
    expect(within(panel()).getAllByText('Attach the medical certificate').length).toBeGreaterThan(0);

    await user.click(within(panel()).getByRole('button', { name: 'Edit and resubmit' }));
    const days = await within(panel()).findByRole('spinbutton', { name: /Days/ });
    await user.clear(days);
    await user.type(days, '3');
    await user.click(within(panel()).getByRole('button', { name: 'Resubmit' }));
    expect(await within(panel()).findByText('Submitted again. Approval starts over.')).toBeTruthy();
    expect(server.callsTo('POST', /\/resubmit$/)[0].body).toEqual({ data: expect.objectContaining({ days: 3, reason: 'Family trip' }) });
    await waitFor(() => expect(within(panel()).getByText('Pending approval')).toBeTruthy());
    // Read again from the server, and still saying what just happened.
    expect(within(panel()).getByText('Wong Siu Ming submitted again', { exact: false })).toBeTruthy();
    expect(within(panel()).getByRole('status').textContent).toBe('Submitted again. Approval starts over.');
  });

  it('renders nothing for a submission without a flow', async () => {
    setup(null);
    expect(await screen.findByRole('heading', { name: 'Leave request' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Approval' })).toBeNull());
  });

  it('reads in Traditional Chinese', async () => {
    setup(
      { status: 'rejected', items: [{ ...approvedByManager, action: 'rejected', comment: '預算不足' }], current: [] },
      { locale: 'zh-Hant' },
    );
    await screen.findByRole('heading', { name: '審批' });
    expect(within(panel()).getByText('已拒絕', { selector: '.fl-badge' })).toBeTruthy();
    expect(within(panel()).getByText('Chan Tai Man 拒絕了')).toBeTruthy();
    expect(within(panel()).getByText('經理')).toBeTruthy();
    expect(within(panel()).getByText('預算不足')).toBeTruthy();
  });
});

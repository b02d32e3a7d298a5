import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../api/client.ts';
import { fakeApi } from '../../test/fakeApi.ts';
import { renderApp } from '../../test/renderApp.tsx';
import { person } from '../../components/pickers/testDirectory.tsx';
import { FakeWorkflowServer, submission, submittedEntry, task, type FakeTask } from './fakeWorkflowServer.ts';

function setup(over: Partial<FakeTask> = {}, locale: 'en' | 'zh-Hant' = 'en') {
  const server = new FakeWorkflowServer();
  const t = task({ id: 'task1', ...over });
  server.tasks = [t];
  server.submissions = [submission()];
  server.people = [person('u1', 'Chan Mei'), person('u3', 'Ho Wing'), person('u4', 'Lam Chi Kin')];
  server.flows.set('s1', {
    status: 'pending',
    items: [submittedEntry()],
    current: [
      { nodeId: 'manager', nodeName: { en: 'Manager' }, mode: 'any', assignees: [{ id: 'u1', name: 'Chan Mei', status: 'pending' }] },
    ],
  });
  const api = fakeApi({ request: server.request } as Partial<ApiClient>);
  return { server, task: t, ...renderApp('/tasks/task1', { api, locale }) };
}

const valueOf = (key: string) => document.querySelector(`.fl-values__item[data-field="${key}"] > dd`)?.textContent;

describe('TaskPage', () => {
  it('shows what this step may see, the flow so far, and approves with a comment', async () => {
    const user = userEvent.setup();
    const { server, history } = setup({ fieldAccess: { salary: 'hidden' } });
    expect(await screen.findByRole('heading', { name: 'Leave request' })).toBeTruthy();
    expect(valueOf('days')).toBe('5');
    expect(valueOf('reason')).toBe('Family trip');
    expect(document.querySelector('[data-field="salary"]')).toBeNull(); // hidden at this node: not even its label
    expect(screen.getByText('Step: Manager')).toBeTruthy();
    expect(await screen.findByText('Wong Siu Ming submitted')).toBeTruthy();
    expect(screen.getByText('Waiting for Chan Mei')).toBeTruthy();

    await user.type(screen.getByRole('textbox', { name: 'Comment' }), 'Enjoy the trip');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved. The request moves on.')).toBeTruthy();
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' });
    expect(server.callsTo('POST', /\/approve$/)[0].body).toEqual({ comment: 'Enjoy the trip' });
  });

  it('needs a reason to reject or return, and confirms before sending', async () => {
    const user = userEvent.setup();
    const { server, history } = setup();
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    const comment = screen.getByRole('textbox', { name: 'Comment' });
    expect(comment.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Write the reason: the submitter reads it to know what to do.');
    expect(document.activeElement).toBe(comment);
    expect(server.callsTo('POST', /\/reject$/)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Return for changes' }));
    expect(server.callsTo('POST', /\/return$/)).toHaveLength(0);

    await user.type(comment, 'Dates clash with the audit');
    expect(comment.getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('Reject this request?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(server.callsTo('POST', /\/reject$/)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Reject' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, reject' }));
    expect(await screen.findByText('Rejected. The submitter has been told why.')).toBeTruthy();
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' }); // the notice is not kept in the URL
    expect(server.callsTo('POST', /\/reject$/)[0].body).toEqual({ comment: 'Dates clash with the audit' });
  });

  it('returns with a reason', async () => {
    const user = userEvent.setup();
    const { server, history } = setup({}, 'zh-Hant');
    await user.type(await screen.findByRole('textbox', { name: '意見' }), '請附上證明');
    await user.click(screen.getByRole('button', { name: '退回修改' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '確定退回' }));
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' }); // the notice is not kept in the URL
    expect(server.callsTo('POST', /\/return$/)[0].body).toEqual({ comment: '請附上證明' });
    expect(await screen.findByText('已退回提交人修改。')).toBeTruthy();
  });

  it('when someone already acted: says so and shows the task as it is now', async () => {
    const user = userEvent.setup();
    const { server, history } = setup();
    server.decidedElsewhere.add('task1');
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Someone already acted on this. Here is where it stands now.')).toBeTruthy();
    expect(history.location().pathname).toBe('/tasks/task1');
    // Reloaded: the task is closed, so the buttons are gone.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull());
    expect(screen.getByText('This task is closed: No longer needed.')).toBeTruthy();
    expect(server.callsTo('GET', /^\/api\/tasks\/task1$/)).toHaveLength(2);
  });

  it('fills the fields editable at this step and sends only those with the approval', async () => {
    const user = userEvent.setup();
    const { server, history } = setup({ fieldAccess: { costCentre: 'editable', salary: 'readonly' } });
    const input = await screen.findByRole('textbox', { name: 'Cost centre' });
    expect(valueOf('salary')).toBe('30,000'); // read-only: shown as a value
    expect(document.querySelector('[data-field="costCentre"]')).toBeNull(); // editable: an input, not a value
    await user.type(input, 'CC-204');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved. The request moves on.')).toBeTruthy();
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' }); // the notice is not kept in the URL
    expect(server.callsTo('POST', /\/approve$/)[0].body).toEqual({ data: { costCentre: 'CC-204' } });
  });

  it('transfers to a person picked from the directory', async () => {
    const user = userEvent.setup();
    const { server, history } = setup();
    await user.click(await screen.findByRole('button', { name: 'Transfer' }));
    // Nobody picked yet: the page says so instead of sending.
    await user.click(screen.getAllByRole('button', { name: 'Transfer' }).at(-1)!);
    expect(screen.getByText('Choose a person first.')).toBeTruthy();
    await user.type(screen.getByRole('combobox', { name: /Transfer to/ }), 'Ho');
    await user.click(await screen.findByRole('option', { name: /Ho Wing/ }));
    await user.click(screen.getAllByRole('button', { name: 'Transfer' }).at(-1)!);
    expect(await screen.findByText('Transferred. It is in their inbox now.')).toBeTruthy();
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' }); // the notice is not kept in the URL
    expect(server.callsTo('POST', /\/transfer$/)[0].body).toEqual({ userId: 'u3' });
  });

  it('adds a signer after me', async () => {
    const user = userEvent.setup();
    const { server, history } = setup();
    await user.click(await screen.findByRole('button', { name: 'Add signer' }));
    await user.type(screen.getByRole('combobox', { name: /Signer/ }), 'Lam');
    await user.click(await screen.findByRole('option', { name: /Lam Chi Kin/ }));
    await user.click(screen.getByRole('radio', { name: /After me/ }));
    await user.click(screen.getAllByRole('button', { name: 'Add signer' }).at(-1)!);
    expect(await screen.findByText('Signer added.')).toBeTruthy();
    expect(history.location()).toEqual({ pathname: '/inbox', search: '' }); // the notice is not kept in the URL
    expect(server.callsTo('POST', /\/add-signer$/)[0].body).toEqual({ userId: 'u4', position: 'after' });
  });

  it('a task waiting for a signer added before me says so, with no buttons yet', async () => {
    setup({ status: 'waiting' });
    expect(await screen.findByText(/^Not your turn yet/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('marks a cc read when opened and offers no decision', async () => {
    const { server } = setup({ kind: 'cc' });
    expect(await screen.findByText('Copied to you at: Manager')).toBeTruthy();
    await waitFor(() => expect(server.callsTo('POST', /\/read$/)).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});

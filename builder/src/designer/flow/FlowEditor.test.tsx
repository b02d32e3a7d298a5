import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@formloom/runtime';
import type { FlowDefinition } from '@formloom/schemas';
import { fakeDesignerApi, lastSaved, withFakeTimers } from '../testing/harness.tsx';
import { PEOPLE, fakeHttp, leaveForm, renderFlowWorkspace } from './testing.tsx';

type User = ReturnType<typeof withFakeTimers>;

async function openFlow(user: User) {
  await user.click(screen.getByTestId('mode-flow'));
}

async function add(user: User, where: string, kind: 'approval' | 'cc' | 'branch' | 'parallel') {
  await user.click(screen.getByTestId(`flow-add-${where}`));
  await user.click(screen.getByTestId(`flow-add-${kind}`));
}

const savedFlow = async (api: ReturnType<typeof fakeDesignerApi>): Promise<any> =>
  ((await lastSaved(api)) as { workflow?: unknown }).workflow;

/** No translation key may show as text. */
function expectTranslated() {
  expect(document.body.textContent).not.toMatch(/designer\.flow\.|\bflow\.[a-z]/);
}

const approvalFlow: FlowDefinition = {
  version: 1,
  submitterFieldPermissions: {},
  nodes: [
    {
      id: 'approval-1',
      type: 'approval',
      name: { en: 'Manager', 'zh-Hant': '上司' },
      approvers: [{ kind: 'manager', level: 1 }],
      mode: 'any',
      onEmpty: 'skip',
      fieldPermissions: {},
    },
  ],
};

describe('flow editor', () => {
  it('offers to add a flow to a form without one, then adds each kind of step from the "+"', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderFlowWorkspace({ api, theForm: leaveForm() });
    await openFlow(user);
    expect(screen.getByText('No approval flow')).toBeTruthy();
    await user.click(screen.getByTestId('flow-create'));
    expect(screen.getByTestId('flow-node-submitter').textContent).toContain('Submitter');
    expect(screen.getByTestId('flow-end').textContent).toBe('End');

    await add(user, 'root-0', 'approval');
    expect(screen.getByTestId('approval-panel')).toBeTruthy();
    await add(user, 'root-1', 'cc');
    await add(user, 'root-2', 'branch');
    await add(user, 'root-3', 'parallel');
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('Direct manager');
    expect(screen.getByTestId('flow-node-cc-1').textContent).toContain('Nobody yet.Choose who receives a copy.');
    expect(screen.getByTestId('flow-branch-condition-1').textContent).toContain('Set a condition for this branch.');
    expect(screen.getByTestId('flow-branch-otherwise-1').textContent).toContain('Otherwise');
    expect(screen.getAllByText('Parallel branch')).toHaveLength(2);
    expectTranslated();

    // Unfinished (no CC recipients, no condition): the form is saved, the flow is not, and Publish waits.
    expect(screen.getByTestId('flow-status').textContent).toBe('2 things to finish: not saved until they are done.');
    expect(screen.getByTestId('publish-blocked').hasAttribute('disabled')).toBe(true);
    expect(await savedFlow(api)).toBeUndefined();

    // Finishing the CC node and dropping the condition block completes it: now it goes with the draft.
    await user.click(within(screen.getByTestId('flow-node-cc-1')).getByRole('button', { pressed: false, name: /CC/ }));
    const cc = screen.getByTestId('cc-panel');
    await user.click(within(cc).getByRole('button', { name: 'Add someone' }));
    await user.click(within(screen.getByTestId('flow-node-branch-1')).getByRole('button', { name: 'Remove Condition branches' }));
    expect(screen.getByTestId('flow-status').textContent).toBe('Flow complete: it is saved with the draft.');
    const flow = await savedFlow(api);
    expect(flow.nodes.map((n: { type: string }) => n.type)).toEqual(['approval', 'cc', 'parallel']);
    expect(flow.nodes[1].recipients).toEqual([{ kind: 'manager', level: 1 }]);
  });

  it('edits an approval step: approvers, sign mode, nobody found, time limit and field permissions', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderFlowWorkspace({ api, theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await user.click(within(screen.getByTestId('flow-node-approval-1')).getByRole('button', { name: /^Approval/ }));
    const panel = screen.getByTestId('approval-panel');
    await user.selectOptions(within(panel).getByLabelText('Which manager'), '2');
    await user.click(within(panel).getByRole('button', { name: 'Add someone' }));
    await user.selectOptions(within(panel).getByLabelText('Source 2'), 'position');
    await user.type(within(panel).getByLabelText('Position'), 'HR Officer');
    await user.click(within(panel).getByLabelText(/Everyone \(會簽\)/));
    expect(within(panel).getByText('Every approver must approve; one rejection rejects.')).toBeTruthy();
    await user.selectOptions(within(panel).getByLabelText('If the approvers resolve to nobody'), 'admin');
    await user.type(within(panel).getByRole('combobox', { name: /Administrator who gets it/ }), 'Bob');
    await user.click(await screen.findByRole('option', { name: /Bob Lee/ }));
    await user.click(within(panel).getByLabelText('Set a time limit'));
    await user.selectOptions(within(panel).getByLabelText('Then'), 'reject');
    await user.click(within(panel).getByLabelText('Days: Editable'));
    await user.click(within(panel).getByLabelText('Leave type: Hidden'));
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain(
      'Level 2 manager, Everyone who is HR Officer · Everyone (會簽)',
    );

    const flow = await savedFlow(api);
    expect(flow.nodes[0]).toEqual({
      ...approvalFlow.nodes[0],
      approvers: [
        { kind: 'manager', level: 2 },
        { kind: 'position', position: 'HR Officer' },
      ],
      mode: 'all',
      onEmpty: 'admin',
      timeLimit: { remindAfterHours: 24, actAfterHours: 48, action: 'reject' },
      fieldPermissions: { days: 'editable', leaveType: 'hidden' },
    });
    expect(flow.fallbackAdminId).toBe(PEOPLE[1]!.id);
    expectTranslated();
  });

  it('names a person as approver with the people picker, and shows their name on the card', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderFlowWorkspace({ api, theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await user.click(within(screen.getByTestId('flow-node-approval-1')).getByRole('button', { name: /^Approval/ }));
    const panel = screen.getByTestId('approval-panel');
    await user.selectOptions(within(panel).getByLabelText('Source 1'), 'user');
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('A person (not chosen yet)');
    await user.type(within(panel).getByRole('combobox', { name: /Person/ }), 'Ali');
    await user.click(await screen.findByRole('option', { name: /Alice Chan/ }));
    await vi.waitFor(() => expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('Alice Chan'));
    expect((await savedFlow(api)).nodes[0].approvers).toEqual([{ kind: 'user', userId: PEOPLE[0]!.id }]);
  });

  it('sets branch conditions as rows and shows them as a sentence', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderFlowWorkspace({ api, theForm: leaveForm({ version: 1, nodes: [], submitterFieldPermissions: {} }) });
    await openFlow(user);
    await add(user, 'root-0', 'branch');
    const panel = screen.getByTestId('branch-panel');
    await user.click(within(panel).getByTestId('condition-add-field'));
    await user.selectOptions(within(panel).getByLabelText('Field'), 'days');
    await user.selectOptions(within(panel).getByLabelText('Comparison'), 'gt');
    await user.clear(within(panel).getByLabelText('Value'));
    await user.type(within(panel).getByLabelText('Value'), '10000{Enter}');
    expect(screen.getByTestId('flow-branch-sentence-condition-1').textContent).toBe('Days > 10,000');

    await user.click(within(panel).getByTestId('condition-add-field'));
    const second = within(within(panel).getByTestId('condition-row-1'));
    await user.selectOptions(second.getByLabelText('Field'), 'leaveType');
    await user.selectOptions(second.getByLabelText('Comparison'), 'in');
    await user.click(second.getByLabelText('Sick'));
    await user.selectOptions(within(panel).getByLabelText('Take this branch when'), 'any');
    expect(screen.getByTestId('flow-branch-sentence-condition-1').textContent).toBe('Days > 10,000 or Leave type is one of Annual, Sick');

    // A second condition goes above "Otherwise", and moves left of the first.
    await user.click(screen.getByTestId('flow-add-branch-branch-1'));
    await user.click(within(screen.getByTestId('flow-branch-condition-2')).getByRole('button', { name: 'Move Condition 2 left' }));
    const lanes = [
      ...screen.getByTestId('flow-node-branch-1').querySelectorAll('[data-testid^="flow-branch-"]:not([data-testid*="sentence"])'),
    ];
    expect(lanes.map((el) => el.getAttribute('data-testid'))).toEqual([
      'flow-branch-condition-2',
      'flow-branch-condition-1',
      'flow-branch-otherwise-1',
    ]);
    expect(screen.queryByRole('button', { name: 'Remove Otherwise' })).toBeNull();

    await user.click(within(screen.getByTestId('flow-branch-condition-2')).getByRole('button', { name: 'Remove Condition 2' }));
    const flow = await savedFlow(api);
    expect(flow.nodes[0].branches.map((b: { condition: unknown }) => b.condition)).toEqual([
      {
        any: [
          { field: ['days'], op: 'gt', value: 10000 },
          { field: ['leaveType'], op: 'in', value: ['annual', 'sick'] },
        ],
      },
      null,
    ]);
    expectTranslated();
  });

  it('deletes and moves steps, and undo brings them back', async () => {
    const user = withFakeTimers();
    renderFlowWorkspace({ theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await add(user, 'root-1', 'cc');
    const order = () =>
      [...screen.getByTestId('flow-canvas').querySelectorAll('[data-testid^="flow-node-"]')].map((el) => el.getAttribute('data-testid'));
    expect(order()).toEqual(['flow-node-submitter', 'flow-node-approval-1', 'flow-node-cc-1']);
    await user.click(screen.getByRole('button', { name: 'Move CC up' }));
    expect(order()).toEqual(['flow-node-submitter', 'flow-node-cc-1', 'flow-node-approval-1']);
    await user.click(screen.getByRole('button', { name: 'Remove Manager' }));
    expect(order()).toEqual(['flow-node-submitter', 'flow-node-cc-1']);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(order()).toEqual(['flow-node-submitter', 'flow-node-cc-1', 'flow-node-approval-1']);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(order()).toEqual(['flow-node-submitter', 'flow-node-approval-1']);
  });

  it('closes the "+" menu on Escape or a press elsewhere', async () => {
    const user = withFakeTimers();
    renderFlowWorkspace({ theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await user.click(screen.getByTestId('flow-add-root-0'));
    expect(screen.getByTestId('flow-add-root-0').getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('flow-add-cc')).toBeNull();
    await user.click(screen.getByTestId('flow-add-root-0'));
    await user.click(screen.getByTestId('flow-end'));
    expect(screen.queryByTestId('flow-add-cc')).toBeNull();
  });

  it('removes the whole flow as workflow: null', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    renderFlowWorkspace({ api, theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await user.click(screen.getByTestId('flow-remove'));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove flow' }));
    expect(screen.getByText('No approval flow')).toBeTruthy();
    expect(await savedFlow(api)).toBeNull();
  });

  it("marks the step the server's 422 invalid_workflow points at", async () => {
    const user = withFakeTimers();
    const refusal = new ApiError({
      statusCode: 422,
      code: 'invalid_workflow',
      error: 'Unprocessable Entity',
      message: 'The approval flow cannot be used: no such user',
      details: [{ path: 'workflow.nodes.0.approvers.0.userId', message: 'There is no user with this id.' }],
    });
    const api = fakeDesignerApi({ saveDraft: () => Promise.reject(refusal) });
    renderFlowWorkspace({ api, theForm: leaveForm(approvalFlow) });
    await openFlow(user);
    await user.click(within(screen.getByTestId('flow-node-approval-1')).getByRole('button', { name: /^Approval/ }));
    await user.selectOptions(within(screen.getByTestId('approval-panel')).getByLabelText('If the approvers resolve to nobody'), 'admin');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2000);
    });
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('Choose who approves this step.');
    expect(screen.getByTestId('flow-node-approval-1').className).toContain('has-issues');
  });

  it('simulates the editor’s flow for a submitter and sample answers, listing people and highlighting the route', async () => {
    const user = withFakeTimers();
    const simulate = vi.fn(async () => ({
      steps: [
        {
          nodeId: 'approval-1',
          type: 'approval' as const,
          name: { en: 'Manager' },
          mode: 'any' as const,
          users: [{ id: PEOPLE[1]!.id, name: 'Bob Lee' }],
          empty: null,
          parallel: null,
          via: [{ nodeId: 'branch-1', branchId: 'condition-1' }],
        },
      ],
      error: null,
    }));
    const { http, request } = fakeHttp(simulate);
    const flow: FlowDefinition = {
      version: 1,
      submitterFieldPermissions: {},
      nodes: [
        {
          id: 'branch-1',
          type: 'branch',
          branches: [
            {
              id: 'condition-1',
              name: { en: 'Long' },
              condition: { field: ['days'], op: 'gt', value: 3 },
              nodes: [approvalFlow.nodes[0]!],
            },
            { id: 'otherwise-1', name: { en: 'Otherwise' }, condition: null, nodes: [] },
          ],
        },
      ],
    };
    renderFlowWorkspace({ theForm: leaveForm(flow), http });
    await openFlow(user);
    await user.click(screen.getByTestId('flow-simulate'));
    const panel = screen.getByTestId('simulate-panel');
    await user.type(within(panel).getByRole('combobox', { name: /Submitted by/ }), 'Ali');
    await user.click(await screen.findByRole('option', { name: /Alice Chan/ }));
    await user.type(within(panel).getByLabelText('Days'), '5');
    await user.click(within(panel).getByTestId('simulate-run'));
    await screen.findByTestId('simulate-result');
    expect(simulate).toHaveBeenCalledWith({ data: { days: 5 }, submitterId: PEOPLE[0]!.id, workflow: flow, draft: true });
    expect(request.mock.calls.some(([method, path]) => method === 'POST' && path === '/api/forms/form1/workflow/simulate')).toBe(true);
    expect(screen.getByTestId('simulate-step-approval-1').textContent).toContain('Bob Lee');
    expect(screen.getByTestId('flow-branch-condition-1').className).toContain('is-on-path');
    expect(screen.getByTestId('flow-branch-otherwise-1').className).toContain('is-off-path');
  });

  it('flags a branch whose condition field is deleted from the form, and keeps the saved flow until it is fixed', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi();
    const flow: FlowDefinition = {
      version: 1,
      submitterFieldPermissions: {},
      nodes: [
        {
          id: 'branch-1',
          type: 'branch',
          branches: [
            { id: 'condition-1', name: { en: 'Long' }, condition: { field: ['days'], op: 'gt', value: 3 }, nodes: [] },
            { id: 'otherwise-1', name: { en: 'Otherwise' }, condition: null, nodes: [] },
          ],
        },
      ],
    };
    renderFlowWorkspace({ api, theForm: leaveForm(flow) });
    await user.click(screen.getByTestId('field-days').querySelector('button')!);
    await user.click(within(screen.getByRole('toolbar', { name: 'Actions for Days' })).getByRole('button', { name: 'Delete' }));
    expect(screen.getByTestId('mode-flow').textContent).toBe('Flow1');
    const saved = (await lastSaved(api)) as { workflow?: unknown };
    expect(saved).not.toHaveProperty('workflow');
    await openFlow(user);
    expect(screen.getByTestId('flow-branch-condition-1').className).toContain('has-issues');
    expect(screen.getByTestId('flow-branch-condition-1').textContent).toContain('days > 3A field here is no longer in the form.');
    expect(screen.getByTestId('flow-status').textContent).toBe('1 thing to finish: not saved until it is done.');
  });

  it('speaks Traditional Chinese', async () => {
    const user = withFakeTimers();
    renderFlowWorkspace({ theForm: leaveForm(approvalFlow), locale: 'zh-Hant' });
    await user.click(screen.getByTestId('mode-flow'));
    expect(screen.getByTestId('flow-node-submitter').textContent).toContain('發起人');
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('上司');
    expect(screen.getByTestId('flow-node-approval-1').textContent).toContain('直屬上司 · 或簽');
    expect(screen.getByTestId('flow-end').textContent).toBe('流程結束');
    expectTranslated();
  });
});

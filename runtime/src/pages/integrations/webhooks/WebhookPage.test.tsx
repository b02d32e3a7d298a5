import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../../api/client.ts';
import { fakeApi, session } from '../../../test/fakeApi.ts';
import { renderApp } from '../../../test/renderApp.tsx';
import { apiFailure, delivery, FakeWebhooksServer, webhook } from './fakeWebhooksServer.ts';

function setup(path: string, fill: (server: FakeWebhooksServer) => void = () => {}, locale: 'en' | 'zh-Hant' = 'en') {
  const server = new FakeWebhooksServer();
  fill(server);
  const api = fakeApi({
    ...server.pickerApi(),
    me: () => Promise.resolve(session({ role: 'builder' })),
    request: server.request,
  } as Partial<ApiClient>);
  return { server, ...renderApp(path, { api, locale }) };
}

const submission = {
  id: 's9',
  formId: 'form1',
  formVersion: 1,
  data: { amount: 5 },
  createdAt: '2026-11-25T01:00:00.000Z',
  createdBy: 'u1',
  createdByName: 'Mei',
};

describe('WebhookPage: a new webhook', () => {
  it('builds the subscription from the pickers, previews it, shows refusals at their field, then shows the secret once', async () => {
    const { server, history } = setup('/integrations/webhooks/new?appId=app1&formId=form1', (s) => {
      s.submissions = [submission];
    });
    const user = userEvent.setup();
    await waitFor(() => expect((screen.getByLabelText('Form') as HTMLSelectElement).value).toBe('form1'), { timeout: 3000 });
    await user.type(screen.getByLabelText('Receiver URL'), 'http://127.0.0.1:9/hook');

    // Events: the whole Approvals family (a wildcard) on top of the preset submission.created.
    await user.click(screen.getByRole('checkbox', { name: /All Approvals events/ }));
    expect((screen.getByRole('checkbox', { name: /A step was rejected/ }) as HTMLInputElement).checked).toBe(true);

    // Filter on the form's fields.
    await user.click(screen.getByRole('button', { name: 'Add a condition' }));
    await user.selectOptions(screen.getByLabelText('Field'), 'amount');
    await user.selectOptions(screen.getByLabelText('Comparison'), 'gte');
    await user.type(screen.getByLabelText('Value'), '1000');

    // An extra header and a template.
    await user.click(screen.getByRole('button', { name: 'Add a header' }));
    await user.type(screen.getByLabelText('Header name'), 'X-Api-Key');
    await user.type(screen.getByLabelText('Value', { selector: '.fl-int-row--header input' }), 'k-123');
    await user.click(screen.getByRole('radio', { name: /My own template/ }));
    await user.selectOptions(screen.getByLabelText('Content type'), 'text/plain');

    // Preview: the server renders the unsaved settings with the chosen submission.
    await user.selectOptions(await screen.findByLabelText('Submission'), 's9');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect((await screen.findByTestId('webhook-preview-body')).textContent).toContain('"event": "submission.created"');
    expect(screen.getByText('This submission does not pass the filter: it would not be sent.')).toBeTruthy();
    const preview = server.calledWith('POST', '/api/webhooks/preview')[0].body;
    expect(preview).toMatchObject({
      event: 'submission.created',
      formId: 'form1',
      submissionId: 's9',
      contentType: 'text/plain',
      filter: { all: [{ field: ['amount'], op: 'gte', value: 1000 }] },
    });

    // The server refuses the URL (not on the allow-list): said at the URL.
    server.refuseNextSave = apiFailure(422, 'webhook_url_not_allowed', 'This address is on a private network (127.0.0.1).');
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    const url = screen.getByLabelText('Receiver URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(url.closest('.fl-field')!.textContent).toContain('This address is on a private network (127.0.0.1).');

    await user.clear(url);
    await user.type(url, 'https://erp.example.com/in');
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    const secret = await screen.findByTestId('webhook-secret');
    const created = server.webhooks[0];
    expect(history.location().pathname).toBe(`/integrations/webhooks/${created.id}`);
    expect(server.calledWith('POST', '/api/webhooks').at(-1)!.body).toEqual({
      url: 'https://erp.example.com/in',
      events: ['submission.created', 'approval.*'],
      appId: 'app1',
      formId: 'form1',
      filter: { all: [{ field: ['amount'], op: 'gte', value: 1000 }] },
      headers: { 'X-Api-Key': 'k-123' },
      template: expect.stringContaining('{{submission.id}}'),
      contentType: 'text/plain',
    });
    expect(screen.getByRole('heading', { name: 'Copy the signing secret now' })).toBeTruthy();
    expect(secret.textContent).toBe(server.secrets.get(created.id));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(server.secrets.get(created.id)); // user-event's clipboard
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('checks the URL and events before asking the server', async () => {
    const { server } = setup('/integrations/webhooks/new');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Receiver URL'), 'ftp://x');
    await user.click(screen.getByRole('checkbox', { name: /A submission was made/ }));
    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    expect(await screen.findByText('This is not a valid http(s) URL.')).toBeTruthy();
    expect(screen.getByText('Pick at least one event.')).toBeTruthy();
    expect(server.calledWith('POST', '/api/webhooks')).toHaveLength(0);
    expect(screen.getByText('Pick a form to preview with one of its submissions.')).toBeTruthy();
  });
});

describe('WebhookPage: an existing webhook', () => {
  it('reveals and rotates the secret (after a confirmation), turns off, keeps a filter it cannot show, and deletes', async () => {
    const w = webhook({ formId: 'form1', appId: 'app1', filter: { all: [{ not: { field: ['amount'], op: 'eq', value: 1 } }] } });
    const id = w.id;
    const { server, history } = setup(`/integrations/webhooks/${id}`, (s) => {
      s.webhooks = [w];
      s.secrets.set(w.id, 'whsec_b2xk');
    });
    const user = userEvent.setup();
    expect(await screen.findByText('whsec_••••••••')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Reveal secret' }));
    expect((await screen.findByTestId('webhook-secret')).textContent).toBe('whsec_b2xk');
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Rotate secret' });
    await user.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    await waitFor(() => expect(screen.getByTestId('webhook-secret').textContent).toBe(server.secrets.get(id)));
    expect(server.secrets.get(id)).not.toBe('whsec_b2xk');
    expect(screen.getByText('New secret made. The old one no longer signs.')).toBeTruthy();

    expect(screen.getByText(/more complex than this editor shows/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(server.calledWith('PATCH', `/api/webhooks/${id}`).at(-1)!.body).toMatchObject({
      filter: { all: [{ not: { field: ['amount'], op: 'eq', value: 1 } }] },
    });

    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(await screen.findByText('Turned off')).toBeTruthy();
    expect(server.webhooks[0].enabled).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete webhook' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Delete webhook' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(history.location().pathname).toBe('/integrations'));
    expect(server.webhooks).toHaveLength(0);
  });

  it('delivery log: newest first a page at a time, status filter, every attempt, replay one and replay failed since', async () => {
    const w = webhook();
    const id = w.id;
    const { server } = setup(`/integrations/webhooks/${id}?tab=deliveries`, (s) => {
      s.webhooks = [w];
      const failedAt = (n: number) => ({
        attempt: n,
        startedAt: '2026-11-25T08:00:00.000Z',
        durationMs: 15_000,
        requestUrl: w.url,
        requestHeaders: { 'webhook-id': 'msg_x' },
        requestBody: '{"n":1}',
        responseStatus: n === 1 ? 500 : null,
        responseBody: n === 1 ? 'Internal error' : null,
        error: n === 1 ? null : 'timed out after 15 s',
      });
      s.deliveries = [
        delivery(w.id, {
          status: 'failed',
          attempts: 2,
          lastStatusCode: null,
          lastError: 'timed out after 15 s',
          nextAttemptAt: '2026-11-25T09:00:00.000Z',
          eventType: 'approval.approved',
          log: [failedAt(2), failedAt(1)],
        }),
        delivery(w.id),
        delivery(w.id, { status: 'dead', attempts: 10, lastStatusCode: 503 }),
      ];
    });
    const user = userEvent.setup();
    const list = await screen.findByRole('list', { name: 'Delivery log' });
    let rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('Failed, will retry');
    expect(rows[0].textContent).toContain('approval.approved');
    expect(rows[0].textContent).toContain('2 attempts');
    expect(rows[0].textContent).toContain('No response');
    expect(rows[0].textContent).toContain('15000 ms');
    expect(rows[0].textContent).toContain('timed out after 15 s');
    expect(rows[1].textContent).toContain('HTTP 200');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(3));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByText('3 deliveries shown')).toBeTruthy();

    rows = within(list).getAllByRole('listitem');
    await user.click(within(rows[0]).getByRole('button', { name: 'Details' }));
    const attempts = await within(rows[0]).findAllByRole('heading', { level: 3 });
    expect(attempts.map((h) => h.textContent)).toEqual([expect.stringMatching(/^Attempt 2/), expect.stringMatching(/^Attempt 1/)]);
    expect(rows[0].textContent).toContain('Internal error');
    expect(rows[0].textContent).toContain('webhook-id: msg_x');

    await user.click(within(rows[0]).getByRole('button', { name: 'Replay' }));
    expect(await within(list).findByText('Queued again; it goes out in a moment.')).toBeTruthy();
    expect(server.calledWith('POST', `/api/deliveries/${server.deliveries[0].id}/replay`)).toHaveLength(1);

    await user.selectOptions(screen.getByLabelText('Status'), 'dead');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Delivery log' })).getAllByRole('listitem')).toHaveLength(1));
    expect(server.calledWith('GET', `/api/webhooks/${id}/deliveries`).at(-1)!.params.get('status')).toBe('dead');

    const since = screen.getByLabelText('Failed since');
    await user.clear(since);
    await user.type(since, '2026-11-01T00:00');
    await user.click(screen.getByRole('button', { name: 'Replay failed' }));
    expect(await screen.findByText('1 delivery queued again.')).toBeTruthy();
    expect(server.calledWith('POST', `/api/webhooks/${id}/replay`)[0].body).toEqual({ since: new Date('2026-11-01T00:00').toISOString() });
  });

  it('in Chinese: the log and its statuses', async () => {
    const w = webhook();
    setup(
      `/integrations/webhooks/${w.id}`,
      (s) => {
        s.webhooks = [w];
        s.deliveries = [delivery(w.id, { status: 'dead', attempts: 10 })];
      },
      'zh-Hant',
    );
    expect(await screen.findByRole('tab', { name: '傳送記錄' })).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: '傳送記錄' }));
    const list = await screen.findByRole('list', { name: '傳送記錄' });
    expect(list.textContent).toContain('已放棄');
    expect(list.textContent).toContain('嘗試 10 次');
  });
});

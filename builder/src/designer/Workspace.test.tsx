import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiError, fakeDesignerApi, form, renderWorkspace, sampleForm } from './testing/harness.tsx';

const fieldKeys = () => [...screen.getByTestId('canvas').querySelectorAll('[data-field-id]')].map((el) => el.getAttribute('data-testid'));

/** Lets the debounce run out and the fake save resolve. */
async function settle(ms = 900) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('workspace', () => {
  it('lays out the toolbar, the palette by category, the canvas and the settings tabs', async () => {
    renderWorkspace({ theForm: sampleForm() });
    expect(screen.getByRole('heading', { level: 1, name: 'Equipment check' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Undo' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: 'Redo' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('save-status').textContent).toContain('All changes saved');
    const palette = screen.getByRole('navigation', { name: 'Fields' });
    for (const heading of ['Basic', 'Choices', 'Date and time', 'Files and media', 'Layout', 'Advanced']) {
      expect(within(palette).getByRole('heading', { name: heading })).toBeTruthy();
    }
    expect(within(palette).getByTestId('palette-text').getAttribute('aria-label')).toBe('Add Single-line text');
    expect(fieldKeys()).toEqual(['field-name', 'field-temperature', 'field-details', 'field-note', 'field-feverish']);
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Field', 'Form', 'Rules', 'Versions', 'Schedule']);
  });

  it('speaks Traditional Chinese', async () => {
    renderWorkspace({ theForm: sampleForm(), locale: 'zh-Hant' });
    expect(screen.getByRole('button', { name: '復原' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: '欄位' })).toBeTruthy();
    expect(screen.getByTestId('palette-text').getAttribute('aria-label')).toBe('加入單行文字');
    expect(screen.getByTestId('save-status').textContent).toContain('所有變更已儲存');
  });
});

describe('autosave', () => {
  it('saves once, 800 ms after a burst of changes, with the revision it has, then keeps the new one', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const api = fakeDesignerApi();
    renderWorkspace({ api, theForm: form({}, { revision: 7 }) });
    await user.click(screen.getByTestId('palette-text'));
    await user.click(screen.getByTestId('palette-number'));
    expect(screen.getByTestId('save-status').textContent).toContain('Saving…');
    expect(api.saveDraft).not.toHaveBeenCalled();
    await settle();
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    const [formId, revision, patch] = api.saveDraft.mock.calls[0];
    expect(formId).toBe('form1');
    expect(revision).toBe(7);
    expect(Object.keys((patch.schema as { properties: object }).properties)).toEqual(['singleLineText', 'number']);
    expect(patch.name).toBe('Equipment check');
    expect(screen.getByTestId('save-status').textContent).toContain('All changes saved');

    await user.click(screen.getByTestId('palette-email'));
    await settle();
    expect(api.saveDraft).toHaveBeenCalledTimes(2);
    expect(api.saveDraft.mock.calls[1][1]).toBe(8); // the revision the first save returned
  });

  it('does not save when nothing changed, or when a change is undone before the pause ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const api = fakeDesignerApi();
    renderWorkspace({ api });
    await settle(2000);
    await user.click(screen.getByTestId('palette-text'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await settle();
    expect(api.saveDraft).not.toHaveBeenCalled();
    expect(screen.getByTestId('save-status').textContent).toContain('All changes saved');
  });

  it('on 412 says the form changed elsewhere, offers Reload and never saves over it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    const api = fakeDesignerApi({ saveDraft: () => Promise.reject(apiError(412, 'version_conflict')) });
    const { reload } = renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-text'));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'This form was changed elsewhere. Reload to see the latest version; your unsaved change is kept until you reload.',
    );
    expect(screen.getByTestId('save-status').textContent).toContain('Not saved: changed elsewhere');
    expect(screen.getByTestId('field-singleLineText')).toBeTruthy(); // the change is still on the page

    await user.click(screen.getByTestId('palette-number'));
    await settle(3000);
    expect(api.saveDraft).toHaveBeenCalledTimes(1);
    await user.click(within(alert).getByRole('button', { name: 'Reload' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('shows why a save failed and tries again on request', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    let fail = true;
    const api = fakeDesignerApi();
    const save = api.saveDraft.getMockImplementation()!;
    api.saveDraft.mockImplementation((...args) => (fail ? Promise.reject(apiError(422, 'invalid_schema', 'bad')) : save(...args)));
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-text'));
    await settle();
    expect(screen.getByTestId('save-status').textContent).toContain('Not saved: the server refused the form: bad');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await settle(10);
    expect(api.saveDraft).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('save-status').textContent).toContain('All changes saved');
  });
});

describe('undo and redo shortcuts', () => {
  it('Ctrl+Z undoes, Shift+Ctrl+Z and Ctrl+Y redo, Cmd+Z works too', async () => {
    const user = userEvent.setup();
    renderWorkspace();
    await user.click(screen.getByTestId('palette-text'));
    expect(fieldKeys()).toEqual(['field-singleLineText']);
    await user.keyboard('{Control>}z{/Control}');
    expect(fieldKeys()).toEqual([]);
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(fieldKeys()).toEqual(['field-singleLineText']);
    await user.keyboard('{Meta>}z{/Meta}');
    expect(fieldKeys()).toEqual([]);
    await user.keyboard('{Control>}y{/Control}');
    expect(fieldKeys()).toEqual(['field-singleLineText']);
    expect(screen.getByTestId('announcer').textContent).toContain('Redone.');
  });

  it('leaves Ctrl+Z to a text box being typed in', async () => {
    const user = userEvent.setup();
    renderWorkspace();
    await user.click(screen.getByTestId('palette-text'));
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    await user.keyboard('{Control>}z{/Control}');
    expect(fieldKeys()).toEqual(['field-singleLineText']);
    input.remove();
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWorkspace, sampleForm } from '../testing/harness.tsx';

/** The canvas as an outline: keys, with a group's children in brackets. */
function outline(list: Element = screen.getByTestId('canvas').querySelector('[data-drop-list]')!): string {
  return [...list.children]
    .filter((el) => el.hasAttribute('data-field-id'))
    .map((el) => {
      const key = el.getAttribute('data-testid')!.replace(/^field-/, '');
      const inner = el.querySelector(':scope > [data-drop-list]');
      return inner ? `${key}[${outline(inner)}]` : key;
    })
    .join(' ');
}

const selectButton = (key: string) => within(screen.getByTestId(`field-${key}`)).getAllByRole('button')[0];
const announced = () => screen.getByTestId('announcer').textContent;

describe('keyboard path on the canvas', () => {
  it('moves the selected field with Alt+arrows, into and out of a section, announcing each move', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    expect(outline()).toBe('name temperature details[note] feverish');

    await user.click(selectButton('name'));
    expect(selectButton('name').getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('{Alt>}{ArrowDown}{/Alt}');
    expect(outline()).toBe('temperature name details[note] feverish');
    expect(announced()).toBe('Name moved to position 2 of 4 in the form.');
    expect(document.activeElement).toBe(selectButton('name'));

    await user.keyboard('{Alt>}{ArrowDown}{/Alt}{Alt>}{ArrowDown}{/Alt}');
    expect(outline()).toBe('temperature details[note] feverish name');
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(outline()).toBe('temperature details[note] name feverish');

    await user.keyboard('{Alt>}{ArrowUp}{/Alt}{Alt>}{ArrowDown}{/Alt}'); // back and forth
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    expect(outline()).toBe('temperature details[note name] feverish');
    expect(announced()).toBe('Name moved to position 2 of 2 in Details.');

    await user.keyboard('{Alt>}{ArrowLeft}{/Alt}');
    expect(outline()).toBe('temperature details[note] name feverish');
    expect(announced()).toBe('Name moved to position 3 of 4 in the form.');
  });

  it('says why a move cannot happen', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('name'));
    await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
    expect(outline()).toBe('name temperature details[note] feverish');
    expect(announced()).toBe('The field cannot move further that way.');
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    expect(announced()).toBe('There is no group or table just above this field to move it into.');
  });

  it('deletes with Delete (undo brings it back) and duplicates with Ctrl+D', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('temperature'));
    await user.keyboard('{Delete}');
    expect(outline()).toBe('name details[note] feverish');
    expect(announced()).toBe('Temperature deleted. Press Ctrl+Z to undo.');
    // The next field is selected and focused, so Delete can be pressed again deliberately.
    expect(selectButton('details').getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('{Control>}z{/Control}');
    expect(outline()).toBe('name temperature details[note] feverish');

    await user.click(selectButton('name'));
    await user.keyboard('{Control>}d{/Control}');
    expect(outline()).toBe('name name2 temperature details[note] feverish');
    expect(selectButton('name2').getAttribute('aria-pressed')).toBe('true');
  });

  it('walks the fields with the arrow keys and lets go with Escape', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('temperature'));
    await user.keyboard('{ArrowDown}');
    expect(selectButton('details').getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(selectButton('note').getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(selectButton('temperature').getAttribute('aria-pressed')).toBe('true');
    await user.keyboard('{Escape}');
    expect(selectButton('temperature').getAttribute('aria-pressed')).toBe('false');
  });

  it('offers the same moves as buttons on the selected field (the touch-screen path)', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    await user.click(selectButton('feverish'));
    const actions = screen.getByRole('toolbar', { name: 'Actions for Feverish' });
    expect(within(actions).getByRole('button', { name: 'Move down' }).hasAttribute('disabled')).toBe(true);
    expect(within(actions).getByRole('button', { name: 'Move out of the group' }).hasAttribute('disabled')).toBe(true);
    const button = (name: string) => within(screen.getByRole('toolbar', { name: 'Actions for Feverish' })).getByRole('button', { name });
    await user.click(within(actions).getByRole('button', { name: 'Move up' }));
    expect(outline()).toBe('name temperature feverish details[note]');
    await user.click(button('Move down'));
    expect(outline()).toBe('name temperature details[note] feverish');
    await user.click(button('Move into the group above'));
    expect(outline()).toBe('name temperature details[note feverish]');
    await user.click(button('Duplicate'));
    expect(outline()).toBe('name temperature details[note feverish feverish2]');
    await user.click(button('Delete'));
    expect(outline()).toBe('name temperature details[note feverish]');
    await user.click(selectButton('feverish'));
    await user.click(button('Move out of the group'));
    expect(outline()).toBe('name temperature details[note] feverish');
  });
});

describe('palette from the keyboard', () => {
  it('adds the field after the selected one with Enter or Space, else at the end', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    screen.getByTestId('palette-email').focus();
    await user.keyboard('{Enter}');
    expect(outline()).toBe('name temperature details[note] feverish email');
    expect(announced()).toBe('Email added, position 5 of 5 in the form.');

    await user.click(selectButton('note'));
    screen.getByTestId('palette-phone').focus();
    await user.keyboard(' ');
    expect(outline()).toBe('name temperature details[note phone] feverish email');
    expect(selectButton('phone').getAttribute('aria-pressed')).toBe('true');
  });

  it('puts a section after the columns it cannot go into', async () => {
    const user = userEvent.setup();
    renderWorkspace();
    await user.click(screen.getByTestId('palette-row'));
    await user.click(screen.getByTestId('palette-text'));
    expect(outline()).toBe('columns[] singleLineText'); // after the selected field, not inside it
    await user.click(selectButton('singleLineText'));
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}');
    expect(outline()).toBe('columns[singleLineText]');
    await user.click(screen.getByTestId('palette-section'));
    expect(outline()).toBe('columns[singleLineText] section[]');
  });
});

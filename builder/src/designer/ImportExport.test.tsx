import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readText } from './importExport.ts';
import { renderWorkspace, sampleForm } from './testing/harness.tsx';

const keys = () => [...screen.getByTestId('canvas').querySelectorAll('[data-field-id]')].map((el) => el.getAttribute('data-testid'));

/** A draft-07 schema written by hand, not by the designer; `code` (anyOf) has no field type. */
const foreign = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  title: 'Visitor log',
  required: ['visitor'],
  properties: {
    visitor: { type: 'string', title: 'Visitor', maxLength: 80 },
    visits: { type: 'integer', title: 'Visits', minimum: 0 },
    code: { title: 'Code', anyOf: [{ type: 'string', pattern: '^[A-Z]+$' }, { type: 'integer' }] },
  },
};

function file(name: string, content: string) {
  return new File([content], name, { type: 'application/json' });
}

afterEach(() => vi.restoreAllMocks());

describe('import and export', () => {
  it('downloads the draft as one JSON file of schema and uiSchema', async () => {
    const user = userEvent.setup();
    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((b: Blob) => ((blob = b), 'blob:form'));
    URL.revokeObjectURL = vi.fn();
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    renderWorkspace({ theForm: sampleForm() });
    await user.click(screen.getByRole('button', { name: 'Export' }));
    expect(clicked).toHaveLength(1);
    expect(clicked[0].download).toBe('equipment-check.formloom.json');
    const exported = JSON.parse(await readText(blob!));
    expect(Object.keys(exported)).toEqual(['schema', 'uiSchema']);
    expect(Object.keys(exported.schema.properties)).toEqual(['name', 'temperature', 'details', 'feverish']);
    expect(exported.uiSchema.details['ui:fieldType']).toBe('section');
  });

  it('imports a foreign draft-07 schema in place of the draft, keeps what it cannot model as advanced, and undo brings the old form back', async () => {
    const user = userEvent.setup();
    renderWorkspace({ theForm: sampleForm() });
    await user.upload(screen.getByTestId('import-file'), file('visitors.json', JSON.stringify(foreign)));
    expect(
      await screen.findByText('Imported visitors.json: 3 fields, 1 kept as advanced (not editable here). Press Undo to go back.'),
    ).toBeTruthy();
    expect(keys()).toEqual(['field-visitor', 'field-visits', 'field-code']);
    expect(within(screen.getByTestId('field-code')).getByText('Advanced', { selector: '.fl-badge' })).toBeTruthy();
    expect(within(screen.getByTestId('field-visitor')).getAllByRole('button')[0].getAttribute('aria-label')).toBe(
      'Visitor, Single-line text, required',
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Visitor log');

    await user.click(within(screen.getByTestId('field-code')).getAllByRole('button')[0]);
    expect(screen.getByLabelText("The field's JSON Schema, as imported").textContent).toContain('"anyOf"');

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(keys()).toEqual(['field-name', 'field-temperature', 'field-details', 'field-note', 'field-feverish']);
  });

  it('reads the exported {schema, uiSchema} shape, and says why a file cannot be imported', async () => {
    const user = userEvent.setup();
    renderWorkspace();
    await user.upload(screen.getByTestId('import-file'), file('broken.json', '{"type": "object", '));
    expect((await screen.findByRole('alert')).textContent).toContain('Not imported: the file is not valid JSON.');
    await user.upload(screen.getByTestId('import-file'), file('list.json', '{"type": "array"}'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Not imported: .*"type": "object"/);

    const wrapped = { schema: foreign, uiSchema: { 'ui:order': ['code', 'visits', 'visitor'] } };
    await user.upload(screen.getByTestId('import-file'), file('wrapped.json', JSON.stringify(wrapped)));
    expect(await screen.findByText(/Imported wrapped.json: 3 fields/)).toBeTruthy();
    expect(keys()).toEqual(['field-code', 'field-visits', 'field-visitor']);
  });
});

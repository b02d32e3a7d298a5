import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { directoryApi, person, renderWithApi } from '../../components/pickers/testDirectory.tsx';
import type { Locale } from '../../i18n/locale.ts';
import { createDefaultFormKit } from '../defaultFormKit.ts';
import { FormRenderer } from '../FormRenderer.tsx';
import { useTranslation } from 'react-i18next';
import { FieldValue } from '../../pages/records/RecordValues.tsx';
import { columnsFor } from '../../pages/submissionColumns.ts';
import { PersonValue } from './PersonValue.tsx';
import { usePersonLabels } from './usePersonLabels.ts';

const doc = {
  schema: {
    type: 'object',
    title: 'Leave request',
    required: ['approver'],
    properties: { approver: { type: 'string', title: 'Approver' }, days: { type: 'number', title: 'Days' } },
  },
  uiSchema: { approver: { 'ui:fieldType': 'person' } },
};
const kit = createDefaultFormKit();
const people = [person('u1', '陳大文'), person('u2', 'Alice Lee'), person('u3', 'Alan Wong')];

function renderForm(api: ReturnType<typeof directoryApi>, locale: Locale = 'en', initialData: Record<string, unknown> = {}) {
  const onSubmit = vi.fn();
  renderWithApi(
    <FormRenderer
      schema={doc.schema}
      uiSchema={doc.uiSchema}
      locale={locale}
      validatorFor={kit.validatorFor}
      widgets={kit.widgets}
      fields={kit.fields}
      fieldTypes={kit.fieldTypes}
      initialData={initialData}
      onSubmit={onSubmit}
    >
      <button type="submit">Submit</button>
    </FormRenderer>,
    api,
    locale,
  );
  return { onSubmit };
}

describe('person field', () => {
  it('is filled by searching the directory, keyboard only, and submits the person’s id', async () => {
    const api = directoryApi(people);
    const { onSubmit } = renderForm(api);
    const box = await screen.findByRole('combobox', { name: /Approver/ });
    await userEvent.type(box, 'alan');
    await screen.findByRole('option', { name: /Alan Wong/ });
    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect((box as HTMLInputElement).value).toBe('Alan Wong');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ approver: 'u3' }));
  });

  it('shows a stored person by name and is required like any field: cleared, the form does not submit', async () => {
    const api = directoryApi(people);
    const { onSubmit } = renderForm(api, 'zh-Hant', { approver: 'u1' });
    const box = (await screen.findByRole('combobox', { name: /Approver/ })) as HTMLInputElement;
    await waitFor(() => expect(box.value).toBe('陳大文'));
    await userEvent.click(screen.getByRole('button', { name: '清除' }));
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('reads back as names, several values in one directory call', async () => {
    const api = directoryApi(people);
    renderWithApi(
      <>
        <PersonValue id="u1" />
        <PersonValue id="u2" />
        <PersonValue id="gone" />
      </>,
      api,
    );
    expect(await screen.findByText('陳大文')).toBeTruthy();
    expect(screen.getByText('Alice Lee').getAttribute('title')).toBe('u2@example.com');
    expect(screen.getByText('gone')).toBeTruthy();
    const lookups = api.request.mock.calls.filter(([, path]) => String(path).startsWith('/api/directory/users'));
    expect(lookups).toHaveLength(1);
    expect(lookups[0][1]).toContain('ids=');
  });
});

describe('person values on record pages and in data tables', () => {
  it('the record page shows the name, not the stored id', async () => {
    const api = directoryApi(people);
    renderWithApi(<FieldValue schema={{ type: 'string' }} ui={{ 'ui:fieldType': 'person' }} value="u2" />, api);
    expect(await screen.findByText('Alice Lee')).toBeTruthy();
  });

  it('table cells show ids until the batch answers, then names (columns rebuilt)', async () => {
    const api = directoryApi(people);
    function Cells() {
      const labels = usePersonLabels();
      const { t } = useTranslation();
      const column = columnsFor(doc.schema, doc.uiSchema, t, 'en', { personName: labels.name })[0]!;
      return (
        <ul>
          {['u1', 'u3', 'gone'].map((id) => (
            <li key={id}>{column.format(id)}</li>
          ))}
        </ul>
      );
    }
    renderWithApi(<Cells />, api);
    expect(screen.getByText('gone')).toBeTruthy();
    expect(await screen.findByText('陳大文')).toBeTruthy();
    expect(await screen.findByText('Alan Wong')).toBeTruthy();
    expect(screen.getByText('gone')).toBeTruthy();
    const lookups = api.request.mock.calls.filter(([, path]) => String(path).startsWith('/api/directory/users'));
    expect(lookups).toHaveLength(1);
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FormVersion } from '@formloom/runtime';
import { apiError, fakeDesignerApi, form, renderWorkspace, withFakeTimers } from '../testing/harness.tsx';

const siteOptions = (values: string[]) => values.map((v) => ({ const: v, title: v[0].toUpperCase() + v.slice(1) }));

/** Version 1: temperature (number), site (office, warehouse, yard). */
const v1Doc = {
  schema: {
    type: 'object',
    title: 'Check',
    properties: {
      temperature: { type: 'number', title: 'Temperature' },
      site: { type: 'string', title: 'Site', oneOf: siteOptions(['office', 'warehouse', 'yard']) },
    },
  },
  uiSchema: {
    'ui:order': ['temperature', 'site'],
    temperature: { 'ui:fieldType': 'number' },
    site: { 'ui:fieldType': 'select', 'ui:widget': 'select' },
  },
};

/** The draft: temperature is now text, yard is gone, and a required badge number has no default. */
const draftDoc = {
  schema: {
    type: 'object',
    title: 'Check',
    properties: {
      temperature: { type: 'string', title: 'Temperature' },
      site: { type: 'string', title: 'Site', oneOf: siteOptions(['office', 'warehouse']) },
      badge: { type: 'string', title: 'Badge number' },
    },
    required: ['badge'],
  },
  uiSchema: {
    'ui:order': ['temperature', 'site', 'badge'],
    temperature: { 'ui:fieldType': 'text' },
    site: { 'ui:fieldType': 'select', 'ui:widget': 'select' },
    badge: { 'ui:fieldType': 'text' },
  },
};

const version = (n: number, doc: { schema: object; uiSchema: object }): FormVersion => ({
  formId: 'form1',
  version: n,
  name: 'Check',
  schema: doc.schema as FormVersion['schema'],
  uiSchema: doc.uiSchema as FormVersion['uiSchema'],
  workflow: null,
  publishedAt: `2026-03-0${n}T09:30:00.000Z`,
  publishedBy: 'u1',
});

describe('publish', () => {
  it('saves the pending change first, then publishes, and lists the new version', async () => {
    const user = withFakeTimers();
    const calls: string[] = [];
    const published: FormVersion[] = [];
    const api = fakeDesignerApi({
      listVersions: async () => published,
      publish: async () => {
        calls.push('publish');
        published.push(version(1, v1Doc));
        return { version: 1, form: form() };
      },
    });
    const save = api.saveDraft.getMockImplementation()!;
    api.saveDraft.mockImplementation((...args) => (calls.push('save'), save(...args)));
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-text'));
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect(await screen.findByText('Published as version 1.')).toBeTruthy();
    expect(calls).toEqual(['save', 'publish']);
    await user.click(screen.getByRole('tab', { name: 'Versions' }));
    expect(await screen.findByRole('button', { name: /Version 1/ })).toBeTruthy();
  });

  it('warns before publishing a change that earlier answers would fail, and publishes only when asked again', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi({
      listVersions: async () => [version(1, v1Doc)],
      publish: async () => ({ version: 2, form: form() }),
    });
    renderWorkspace({ api, theForm: form(draftDoc, { latestVersion: 1 }) });
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Publish a change that affects earlier answers?' });
    const problems = within(dialog)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(problems).toEqual([
      '“Badge number” is new, required and has no default answer.',
      '“Temperature” has a different type of answer.',
      '“Site” no longer offers: yard.',
    ]);
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Go back' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.publish).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Publish' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Publish anyway' }));
    expect(await screen.findByText('Published as version 2.')).toBeTruthy();
    expect(api.publish).toHaveBeenCalledWith('form1');
  });

  it('does not publish when the draft cannot be saved (changed elsewhere)', async () => {
    const user = withFakeTimers();
    const api = fakeDesignerApi({ saveDraft: () => Promise.reject(apiError(412, 'version_conflict')) });
    renderWorkspace({ api });
    await user.click(screen.getByTestId('palette-text'));
    await user.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent).join(' ')).toContain(
      'Not published: the form was changed elsewhere',
    );
    expect(api.publish).not.toHaveBeenCalled();
  });

  it('is named 發佈 in Traditional Chinese', () => {
    renderWorkspace({ locale: 'zh-Hant' });
    expect(screen.getByRole('button', { name: '發佈' })).toBeTruthy();
  });
});

describe('versions', () => {
  it('shows what the draft changes since the last version, and what each version changed', async () => {
    const user = withFakeTimers();
    const v2 = {
      schema: {
        ...v1Doc.schema,
        properties: { ...v1Doc.schema.properties, temperature: { type: 'number', title: 'Body temperature' } },
        required: ['site'],
      },
      uiSchema: v1Doc.uiSchema,
    };
    const api = fakeDesignerApi({ listVersions: async () => [version(1, v1Doc), version(2, v2)] });
    renderWorkspace({ api, theForm: form(draftDoc, { latestVersion: 2 }) });
    await user.click(screen.getByRole('tab', { name: 'Versions' }));
    const panel = screen.getByRole('tabpanel');
    expect(await within(panel).findByText('Not yet published, compared with version 2:')).toBeTruthy();
    const draftChanges = within(panel)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(draftChanges).toEqual(
      expect.arrayContaining([
        '+Added “Badge number” (Single-line text)',
        '~“Temperature”: label was “Body temperature”, now “Temperature”; type was Number, now Single-line text',
        '~“Site”: no longer required; options removed: yard',
      ]),
    );
    await user.click(within(panel).getByRole('button', { name: /Version 2/ }));
    expect(within(panel).getByText('Compared with version 1:')).toBeTruthy();
    expect(within(panel).getByText('“Body temperature”: label was “Temperature”, now “Body temperature”')).toBeTruthy();
    expect(within(panel).getByText('“Site”: now required')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: /Version 1/ }));
    expect(within(panel).getByText('The first version:')).toBeTruthy();
    expect(within(panel).getByText('Added “Temperature” (Number)')).toBeTruthy();
  });
});

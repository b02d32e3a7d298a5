import { describe, expect, it } from 'vitest';
import type { Form } from '../../../api/types.ts';
import { specialReportTabs } from './index.tsx';

const form = (published: Partial<NonNullable<Form['published']>> | null): Form =>
  ({
    id: 'f1',
    appId: 'a1',
    name: 'Form',
    status: published ? 'published' : 'draft',
    revision: 1,
    draft: { schema: {}, uiSchema: {}, workflow: null },
    latestVersion: published ? 1 : null,
    published: published && {
      formId: 'f1',
      version: 1,
      name: 'Form',
      schema: {},
      uiSchema: {},
      workflow: null,
      publishedAt: '2026-11-26T00:00:00.000Z',
      publishedBy: null,
      ...published,
    },
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
  }) as Form;

describe('specialReportTabs', () => {
  it('offers a tab per setting of the published version, none for a draft or a plain form', () => {
    expect(specialReportTabs(form(null))).toEqual([]);
    expect(specialReportTabs(form({}))).toEqual([]);
    const health = { 'ui:options': { healthReport: { temperature: 't', symptoms: 's' } } };
    expect(specialReportTabs(form({ uiSchema: health })).map((t) => t.id)).toEqual(['health']);
    const ledger = { 'ui:options': { stockLedger: { item: 'item' } } };
    expect(specialReportTabs(form({ uiSchema: ledger })).map((t) => t.id)).toEqual(['inventory']);
    const flow = { version: 1, nodes: [] } as unknown as NonNullable<Form['published']>['workflow'];
    expect(specialReportTabs(form({ uiSchema: health, workflow: flow })).map((t) => t.labelKey)).toEqual([
      'specialReports.tabs.health',
      'specialReports.tabs.approvals',
    ]);
    // A setting that is not an object (a typo in a hand-written uiSchema) is not a report.
    expect(specialReportTabs(form({ uiSchema: { 'ui:options': { healthReport: true } } }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../webhooks/envelope.ts';
import { ZAPIER_META_KEYS, zapierItem, zapierItemId } from './items.ts';
import { madeUpData } from './sampleData.ts';

const envelope = (over: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: 'ev-1',
  type: 'submission.created',
  occurredAt: '2026-11-25T10:00:00.000Z',
  appId: 'app-1',
  formId: 'form-1',
  actorId: 'user-1',
  data: { submissionId: 'sub-1', formVersion: 1 },
  form: { id: 'form-1', name: 'Site visit' },
  submission: {
    id: 'sub-1',
    formId: 'form-1',
    formVersion: 1,
    status: 'submitted',
    data: {},
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    submittedBy: { id: 'user-1', name: 'Ada', email: 'ada@example.com' },
  },
  ...over,
});

describe('zapierItem', () => {
  it('turns file ids into named links wherever they sit: top level, sections and sub-table rows', () => {
    const base = envelope();
    const item = zapierItem(
      envelope({
        submission: {
          ...base.submission!,
          data: {
            photo: 'f-1',
            site: { gate: 'f-2', note: 'f-9' },
            lines: [
              { sku: 'A', receipt: 'f-3' },
              { sku: 'B', receipt: null },
            ],
            inspector: 'user-7',
          },
          files: { 'f-1': { name: 'front.jpg' }, 'f-2': { name: 'gate.png' }, 'f-3': { name: 'r 1.pdf' } },
        },
      }),
      { publicUrl: 'https://forms.example.com/' },
    );
    expect(item.photo).toEqual({ name: 'front.jpg', url: 'https://forms.example.com/api/files/f-1' });
    // A string that is not one of the submission's files stays as it is (notes, person ids).
    expect(item.site).toEqual({ gate: { name: 'gate.png', url: 'https://forms.example.com/api/files/f-2' }, note: 'f-9' });
    expect(item.lines).toEqual([
      { sku: 'A', receipt: { name: 'r 1.pdf', url: 'https://forms.example.com/api/files/f-3' } },
      { sku: 'B', receipt: null },
    ]);
    expect(item.inspector).toBe('user-7');
  });

  it('keeps every fixed key its meaning: a field named like one comes as field_<key>', () => {
    const base = envelope();
    const data = Object.fromEntries(ZAPIER_META_KEYS.map((k) => [k, `field value of ${k}`]));
    const item = zapierItem(envelope({ submission: { ...base.submission!, data } }));
    expect(item).toMatchObject({ id: 'sub-1', event: 'submission.created', status: 'submitted', form_name: 'Site visit' });
    for (const key of ZAPIER_META_KEYS) expect(item[`field_${key}`]).toBe(`field value of ${key}`);
  });

  it('describes a deletion without fields, and a status change with both statuses', () => {
    const deleted = zapierItem(envelope({ type: 'submission.deleted', data: { submissionId: 'sub-1' }, submission: undefined }));
    expect(deleted).toMatchObject({ id: 'sub-1:deleted', submission_id: 'sub-1', status: 'deleted', submitted_by_name: null });
    expect(Object.keys(deleted).sort()).toEqual([...ZAPIER_META_KEYS].sort());

    const changed = zapierItem(
      envelope({ type: 'submission.status_changed', data: { submissionId: 'sub-1', from: 'pending', to: 'rejected' } }),
    );
    expect(changed).toMatchObject({ id: 'sub-1:rejected:ev-1', status: 'rejected', previous_status: 'pending' });
  });

  it('gives each trigger an id Zapier can deduplicate on', () => {
    expect(zapierItemId({ id: 'e', type: 'submission.created', data: { submissionId: 's' } })).toBe('s');
    expect(zapierItemId({ id: 'e', type: 'submission.updated', data: { submissionId: 's', revision: 4 } })).toBe('s:r4');
    expect(zapierItemId({ id: 'e', type: 'submission.deleted', data: { submissionId: 's' } })).toBe('s:deleted');
    expect(zapierItemId({ id: 'e', type: 'submission.status_changed', data: { submissionId: 's', to: 'approved' } })).toBe('s:approved:e');
    expect(zapierItemId({ id: 'e', type: 'form.published', data: { formId: 'f' } })).toBe('e');
  });
});

describe('madeUpData', () => {
  it('gives every field a value of its type, one sub-table row and placeholder files', () => {
    const { data, files } = madeUpData(
      {
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Name', maxLength: 6 },
          when: { type: 'string', format: 'date' },
          count: { type: 'integer', minimum: 3 },
          ok: { type: 'boolean' },
          kind: { type: 'string', oneOf: [{ const: 'a', title: 'A' }] },
          tags: { type: 'array', items: { type: 'string', enum: ['x', 'y'] } },
          place: { type: 'object', properties: { lat: { type: 'number' } } },
          rows: { type: 'array', items: { type: 'object', properties: { proof: { type: 'string' } } } },
          blank: { type: 'null' },
        },
      },
      { rows: { items: { proof: { 'ui:fieldType': 'photo' } } } },
    );
    expect(data).toEqual({
      name: 'Sample',
      when: '2026-01-31',
      count: 3,
      ok: true,
      kind: 'a',
      tags: ['x'],
      place: { lat: 1.5 },
      rows: [{ proof: 'sample-file-proof' }],
    });
    expect(files).toEqual({ 'sample-file-proof': { name: 'photo.png' } });
  });
});

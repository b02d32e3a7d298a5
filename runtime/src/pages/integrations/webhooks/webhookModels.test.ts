import { WEBHOOK_EVENT_TYPES, WebhookEventPattern } from '@formloom/schemas';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/errors.ts';
import en from '../../../i18n/en.json';
import zh from '../../../i18n/zh-Hant.json';
import { eventFamilies, patternLabelKey, patternsFor } from './eventFamilies.ts';
import { saveErrors } from './fieldErrors.ts';
import { conditionFromRows, rowsFromCondition, type FilterField } from './filterRows.ts';
import { headerProblems, headersToRecord } from './HeadersEditor.tsx';

const lookup = (json: unknown, key: string) =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], json);

describe('event families', () => {
  const families = eventFamilies();

  it('hold every event type the domain has, once, with submissions and approvals first', () => {
    expect(families.flatMap((f) => f.types).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(families.slice(0, 4).map((f) => f.family)).toEqual(['submission', 'approval', 'form', 'stock']);
    for (const f of families) expect(WebhookEventPattern.safeParse(f.wildcard).success).toBe(true);
  });

  it('name every family and type in English and Chinese', () => {
    for (const f of families) {
      for (const pattern of [f.wildcard, ...f.types]) {
        const key = patternLabelKey(pattern);
        expect(typeof lookup(en, key), `${key} (en)`).toBe('string');
        expect(typeof lookup(zh, key), `${key} (zh-Hant)`).toBe('string');
      }
    }
  });

  it('send a fully ticked family as its wildcard and partial ones type by type', () => {
    const submissions = families.find((f) => f.family === 'submission')!;
    expect(patternsFor(new Set(['submission.*', 'approval.approved', 'stock.moved']), families)).toEqual([
      'submission.*',
      'approval.approved',
      'stock.moved',
    ]);
    expect(patternsFor(new Set(['*', 'submission.created']), families)).toEqual(['*']);
    expect(patternsFor(new Set(submissions.types.slice(0, 1)), families)).toEqual(['submission.created']);
  });
});

describe('filter rows', () => {
  const fields: FilterField[] = [
    { key: 'amount', title: 'Amount', kind: 'number' },
    {
      key: 'rush',
      title: 'Rush',
      kind: 'choice',
      choices: [
        { value: true, label: 'Yes' },
        { value: false, label: 'No' },
      ],
    },
    { key: 'customer', title: 'Customer', kind: 'text' },
  ];

  it('become the FlowCondition the API takes, with numbers and choice values typed', () => {
    const condition = conditionFromRows(
      {
        combine: 'any',
        rows: [
          { field: 'amount', op: 'gte', value: '1000' },
          { field: 'rush', op: 'eq', value: 'true' },
          { field: 'customer', op: 'notEmpty', value: 'ignored' },
        ],
      },
      fields,
    );
    expect(condition).toEqual({
      any: [
        { field: ['amount'], op: 'gte', value: 1000 },
        { field: ['rush'], op: 'eq', value: true },
        { field: ['customer'], op: 'notEmpty' },
      ],
    });
    expect(rowsFromCondition(condition)).toEqual({
      combine: 'any',
      rows: [
        { field: 'amount', op: 'gte', value: '1000' },
        { field: 'rush', op: 'eq', value: 'true' },
        { field: 'customer', op: 'notEmpty', value: '' },
      ],
    });
    expect(conditionFromRows({ combine: 'all', rows: [] }, fields)).toBeNull();
  });

  it('leave a nested filter set through the API to be kept as it is', () => {
    expect(rowsFromCondition({ all: [{ not: { field: ['amount'], op: 'eq', value: 1 } }] })).toBeNull();
    expect(rowsFromCondition({ field: ['customer'], op: 'contains', value: 'Ltd' })).toEqual({
      combine: 'all',
      rows: [{ field: 'customer', op: 'contains', value: 'Ltd' }],
    });
  });
});

describe('headers and save errors', () => {
  it('headers: a value without a name and a repeated name are caught before saving', () => {
    const rows = [
      { name: 'X-Key', value: 'a' },
      { name: 'x-key', value: 'b' },
      { name: '', value: 'c' },
      { name: '', value: '' },
    ];
    expect(headerProblems(rows)).toEqual([null, 'duplicate', 'nameRequired', null]);
    expect(
      headersToRecord([
        { name: ' X-Key ', value: 'a' },
        { name: '', value: '' },
      ]),
    ).toEqual({ 'X-Key': 'a' });
  });

  it('a refusal lands on the setting it concerns: by validation path, else by code', () => {
    const err = (statusCode: number, code: string, details?: unknown) =>
      new ApiError({ statusCode, code, error: 'x', message: `${code} message`, details });
    expect(saveErrors(err(422, 'webhook_url_not_allowed'))).toEqual({ fields: { url: 'webhook_url_not_allowed message' }, general: null });
    expect(saveErrors(err(422, 'invalid_template')).fields).toEqual({ template: 'invalid_template message' });
    expect(
      saveErrors(err(400, 'validation_failed', [{ path: '/headers/webhook-id', message: 'this header is set by Formloom' }])).fields,
    ).toEqual({
      headers: 'this header is set by Formloom',
    });
    expect(saveErrors(err(409, 'something_else'))).toEqual({ fields: {}, general: 'something_else message' });
  });
});

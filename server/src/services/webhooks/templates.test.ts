import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './envelope.ts';
import { checkTemplate, compiledTemplateCount, renderTemplate, renderTemplateSource, TemplateError } from './templates.ts';

const envelope: EventEnvelope = {
  id: 'evt-1',
  type: 'submission.created',
  occurredAt: '2026-11-25T16:30:00.000Z',
  appId: 'app-1',
  formId: 'form-1',
  actorId: 'user-1',
  data: { submissionId: 'sub-1', formVersion: 2 },
  form: { id: 'form-1', name: 'Orders "East"' },
  submission: {
    id: 'sub-1',
    formId: 'form-1',
    formVersion: 2,
    status: 'submitted',
    data: {
      customer: 'Chan Tai Man',
      note: 'line one\nline "two" \\ end\u0001',
      qty: 3,
      price: '12.5',
      paid: true,
      tags: ['rush', 'gift'],
      lines: [
        { sku: 'A-1', qty: 2 },
        { sku: 'B-2', qty: 1 },
      ],
      // An own key named __proto__, as JSON.parse makes it from a submitted body.
      ...JSON.parse('{"__proto__": {"polluted": "from data"}}'),
    } as Record<string, unknown>,
    createdAt: '2026-11-25T16:30:00.000Z',
    updatedAt: '2026-11-25T16:30:00.000Z',
    submittedBy: { id: 'user-1', name: 'Amy', email: 'amy@example.com' },
  },
};

const json = (source: string) => renderTemplateSource(source, 'application/json', envelope);
const text = (source: string) => renderTemplateSource(source, 'text/plain', envelope).body;
const refusal = (fn: () => unknown): TemplateError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return err as TemplateError;
  }
  throw new Error('expected a TemplateError');
};

describe('webhook templates', () => {
  it('maps envelope fields into a JSON body, escaping every {{x}} as a JSON string body', () => {
    const out = json(
      '{"event": "{{type}}", "form": "{{form.name}}", "who": "{{submission.submittedBy.name}}", "note": "{{submission.data.note}}", "qty": {{submission.data.qty}}}',
    );
    expect(out.contentType).toBe('application/json');
    expect(JSON.parse(out.body)).toEqual({
      event: 'submission.created',
      form: 'Orders "East"',
      who: 'Amy',
      note: 'line one\nline "two" \\ end\u0001',
      qty: 3,
    });
  });

  it('helpers: json, eq/ne, default, join, upper/lower, formatDate, number, each and if', () => {
    const out = json(
      [
        '{"tags": {{json submission.data.tags}}, "lines": [{{#each submission.data.lines}}{{#if @index}},{{/if}}{"sku": "{{lower sku}}", "qty": {{number qty}}}{{/each}}],',
        '"paid": {{json submission.data.paid}}, "isCreated": {{json (eq type "submission.created")}}, "notDeleted": {{json (ne type "submission.deleted")}},',
        '"missing": "{{default submission.data.nothing "n/a"}}", "joined": "{{join submission.data.tags " + "}}", "up": "{{upper submission.data.customer}}",',
        '"day": "{{formatDate occurredAt "date" tz="Asia/Hong_Kong"}}", "at": "{{formatDate occurredAt "datetime"}}", "unix": {{formatDate occurredAt "unix"}},',
        '"price": {{number submission.data.price 2}}, "whole": {{json submission}}}',
      ].join('\n'),
    );
    const body = JSON.parse(out.body);
    expect(body).toMatchObject({
      tags: ['rush', 'gift'],
      lines: [
        { sku: 'a-1', qty: 2 },
        { sku: 'b-2', qty: 1 },
      ],
      paid: true,
      isCreated: true,
      notDeleted: true,
      missing: 'n/a',
      joined: 'rush + gift',
      up: 'CHAN TAI MAN',
      day: '2026-11-26',
      at: '2026-11-25 16:30:00',
      unix: Date.parse('2026-11-25T16:30:00.000Z') / 1000,
      price: 12.5,
    });
    expect(body.whole.submittedBy.email).toBe('amy@example.com');
  });

  it('text/plain is not escaped; form-urlencoded encodes each value', () => {
    expect(text('New order from {{submission.data.customer}}: {{submission.data.note}}')).toBe(
      'New order from Chan Tai Man: line one\nline "two" \\ end\u0001',
    );
    const form = renderTemplateSource(
      'customer={{submission.data.customer}}&tags={{join submission.data.tags}}',
      'application/x-www-form-urlencoded',
      envelope,
    );
    expect(form.body).toBe('customer=Chan%20Tai%20Man&tags=rush%2C%20gift');
    expect(new URLSearchParams(form.body).get('tags')).toBe('rush, gift');
  });

  it('refuses output that is not JSON for a JSON body, and says how to fix it', () => {
    const err = refusal(() => json('{"customer": {{submission.data.customer}}}'));
    expect(err.message).toContain('did not produce valid JSON');
    expect(err.message).toContain('{{json value}}');
    // A value cannot close the string and add keys: its quotes come out escaped.
    const sneaky = { ...envelope, type: 'x", "admin": true, "y": "z' };
    const body = JSON.parse(renderTemplateSource('{"type": "{{type}}"}', 'application/json', sneaky).body);
    expect(body).toEqual({ type: 'x", "admin": true, "y": "z' });
  });

  describe('hostile templates', () => {
    it.each([
      '{{constructor.constructor}}',
      '{{#with this}}{{lookup this "constructor"}}{{/with}}',
      '{{lookup (lookup this "constructor") "prototype"}}',
      '{{submission.data.customer.constructor.name}}',
      '{{#with submission.data.customer}}{{lookup this "constructor"}}{{/with}}',
      '{{lookup submission.data.tags "constructor"}}',
      '{{__proto__.constructor}}',
      '{{#each this}}{{@key}}{{/each}}',
    ])('%s reaches no constructor', (source) => {
      const out = text(source);
      expect(out).not.toMatch(/function|\[native code\]|Object|String|Function/);
    });

    it('{{__proto__.polluted}} reads only data, and Object.prototype stays untouched', () => {
      expect(text('{{submission.data.__proto__.polluted}}|{{__proto__.polluted}}')).toBe('from data|');
      text('{{#with __proto__}}{{polluted}}{{/with}}');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    });

    it.each([
      ['{{exec "ls"}}', 'exec'],
      ['{{constructor.constructor "return process"}}', 'constructor'],
      ['{{log "hi"}}', 'log'],
      ['{{#if (require "fs")}}x{{/if}}', 'require'],
    ])('%s: unknown helpers are refused when compiled', (source, helper) => {
      expect(refusal(() => checkTemplate(source, 'text/plain')).message).toContain(`unknown helper ${helper}`);
    });

    it('names that are no helper are only values: missing ones render nothing', () => {
      expect(text('[{{process}}][{{global.process.env}}][{{#custom}}x{{/custom}}][{{this.constructor}}]')).toBe('[][][][]');
    });

    it('refuses partials, decorators, and triple-stash in JSON and form bodies', () => {
      expect(refusal(() => checkTemplate('{"a": 1}{{> x}}', 'application/json')).message).toContain('Partials');
      expect(refusal(() => checkTemplate('{{#> layout}}x{{/layout}}', 'text/plain')).message).toContain('Partials');
      expect(refusal(() => checkTemplate('{{* inline}}', 'text/plain')).message).toContain('Decorators');
      expect(refusal(() => checkTemplate('{"a": "{{{submission.data.note}}}"}', 'application/json')).message).toContain('{{json value}}');
      expect(refusal(() => checkTemplate('a={{{submission.data.note}}}', 'application/x-www-form-urlencoded')).message).toContain(
        'unescaped',
      );
      expect(text('{{{submission.data.customer}}}')).toBe('Chan Tai Man');
    });
  });

  it('reports a parse error with its line', () => {
    const err = refusal(() => checkTemplate('{\n  "a": "{{type}}",\n  "b": "{{#if x}}"\n}', 'application/json'));
    expect(err.message).toContain('cannot be read');
    const broken = refusal(() => checkTemplate('line one\nline two {{ oops', 'text/plain'));
    expect(broken.line).toBe(2);
  });

  it('limits template and output size', () => {
    expect(refusal(() => checkTemplate('x'.repeat(20_001), 'text/plain')).message).toContain('20000');
    const rows = (n: number) => ({
      ...envelope,
      submission: { ...envelope.submission!, data: { rows: Array.from({ length: n }, (_, i) => i) } },
    });
    const big = refusal(() =>
      renderTemplateSource('{{#each submission.data.rows}}{{json @root.submission}}{{/each}}', 'text/plain', rows(2000)),
    );
    expect(big.message).toContain('KB');
    // Nested loops over a large list stop early instead of running for minutes, output or not.
    const loops = refusal(() =>
      renderTemplateSource(
        '{{#each submission.data.rows}}{{#each @root.submission.data.rows}}x{{/each}}{{/each}}',
        'text/plain',
        rows(100_000),
      ),
    );
    expect(loops.message).toContain('too much work');
  });

  it('compiles once per (subscription, template version)', async () => {
    const settings = {
      id: 'sub-cache',
      format: 'template' as const,
      template: '{"v": 1, "t": "{{type}}"}',
      templateVersion: 1,
      contentType: 'application/json',
    };
    const before = compiledTemplateCount();
    expect(JSON.parse((await renderTemplate(settings, envelope)).body)).toEqual({ v: 1, t: 'submission.created' });
    expect(compiledTemplateCount()).toBe(before + 1);
    // Same version: the cached template answers, even if the text passed differs.
    expect(JSON.parse((await renderTemplate({ ...settings, template: '{"v": 2}' }, envelope)).body)).toEqual({
      v: 1,
      t: 'submission.created',
    });
    expect(compiledTemplateCount()).toBe(before + 1);
    expect(JSON.parse((await renderTemplate({ ...settings, template: '{"v": 2}', templateVersion: 2 }, envelope)).body)).toEqual({ v: 2 });
    expect(compiledTemplateCount()).toBe(before + 2);
  });
});

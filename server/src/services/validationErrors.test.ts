import { describe, expect, it } from 'vitest';
import { assertValidFormSchema, validateSubmissionData, validatorFor } from './formSchemas.ts';

const details = (schema: Record<string, unknown>, data: unknown, id = Math.random().toString()) => {
  try {
    validateSubmissionData(validatorFor(id, 1, schema), data);
    return [];
  } catch (err) {
    return (err as { details: unknown[] }).details;
  }
};

describe('submission validation details', () => {
  it('points at the missing field itself, escaping ~ and / per RFC 6901', () => {
    expect(details({ type: 'object', required: ['a/b', 'c~d'] }, {})).toEqual([
      { path: '/a~1b', message: 'is required', keyword: 'required', params: { missingProperty: 'a/b' } },
      { path: '/c~0d', message: 'is required', keyword: 'required', params: { missingProperty: 'c~d' } },
    ]);
  });

  it('says a choice list failed once, plainly', () => {
    const schema = {
      type: 'object',
      properties: {
        s: {
          oneOf: [
            { const: 'a', title: 'A' },
            { const: 'b', title: 'B' },
          ],
        },
      },
    };
    expect(details(schema, { s: 'z' })).toEqual([
      { path: '/s', message: 'must be one of the allowed options', keyword: 'oneOf', params: {} },
    ]);
  });

  it('asks for an unticked declaration to be checked', () => {
    expect(details({ type: 'object', properties: { ok: { type: 'boolean', const: true } } }, { ok: false })).toEqual([
      { path: '/ok', message: 'must be checked', keyword: 'const', params: { allowedValue: true } },
    ]);
  });

  it('accepts money to the cent without float artefacts', () => {
    expect(details({ type: 'object', properties: { m: { type: 'number', multipleOf: 0.01 } } }, { m: 19.99 })).toEqual([]);
    expect(details({ type: 'object', properties: { m: { type: 'number', multipleOf: 0.01 } } }, { m: 19.999 })).toHaveLength(1);
  });

  it('matches user patterns with RE2, each pattern on its own', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', pattern: '^A' }, b: { type: 'string', pattern: '^B' } } };
    expect(details(schema, { a: 'A1', b: 'B1' })).toEqual([]);
    expect(details(schema, { a: 'B1', b: 'A1' }).map((d: any) => d.path)).toEqual(['/a', '/b']);
  });

  it('refuses schemas it cannot run safely', () => {
    expect(() => assertValidFormSchema({ type: 'object', properties: { a: { type: 'string', pattern: '(a)\\1' } } })).toThrow(
      /not valid JSON Schema/,
    );
    expect(() => assertValidFormSchema({ type: 'object', $id: 'https://x.example/s' })).toThrow(/\$id/);
  });
});

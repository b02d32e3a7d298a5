/**
 * Builders for tests (not imported by the app): documents written out by hand, a store with
 * predictable ids, and a strict ajv configured like the server's.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { MULTIPLE_OF_PRECISION } from '@formloom/schemas';
import type { Command } from '../commands.ts';
import { createDesignerStore, type DesignerStore } from '../store.ts';
import { emptyDoc, type FieldNode, type FormDoc, type Rule } from '../tree.ts';

/** A field node; containers get `children: []` unless given. */
export function field(type: string, key: string, extra: Partial<FieldNode> = {}): FieldNode {
  const containers = new Set(['section', 'row', 'subtable']);
  return {
    id: extra.id ?? `${key}-id`,
    type,
    key,
    label: { en: key, 'zh-Hant': '' },
    required: false,
    props: {},
    ...(containers.has(type) ? { children: [] } : {}),
    ...extra,
  };
}

export function doc(fields: FieldNode[], rules: Rule[] = []): FormDoc {
  return { ...emptyDoc(), title: { en: 'Test form', 'zh-Hant': '測試表單' }, fields, rules };
}

/** name, email, shipping[line1 region], lines[qty price], notes */
export function sampleDoc(): FormDoc {
  return doc([
    field('text', 'name'),
    field('email', 'email'),
    field('section', 'shipping', { children: [field('text', 'line1'), field('select', 'region')] }),
    field('subtable', 'lines', { children: [field('number', 'qty'), field('money', 'price')] }),
    field('textarea', 'notes'),
  ]);
}

/** A rule on one `eq` condition. */
export const eqRule = (targets: string[], fieldId: string, value: unknown, action: Rule['action'] = 'require'): Omit<Rule, 'id'> => ({
  action,
  targets,
  when: { op: 'and', items: [{ field: fieldId, operator: 'eq', value }] },
});

/** A store whose new ids are `n1`, `n2`... */
export function testStore(initial: FormDoc = doc([])): DesignerStore {
  let n = 0;
  return createDesignerStore(initial, { idFactory: () => `n${++n}` });
}

/** Dispatches and fails the test with the error's message if the command was refused. */
export function must(store: DesignerStore, command: Command): string | undefined {
  const result = store.dispatch(command);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.error.code}: ${result.error.message}`);
  return result.id;
}

/** The error code a command is refused with ('ok' when it was accepted). */
export function codeOf(store: DesignerStore, command: unknown): string {
  const result = store.dispatch(command as Command);
  return result.ok ? 'ok' : result.error.code;
}

/** Keys in display order, with children in brackets: `a b[c d] e`. */
export function outline(fields: readonly FieldNode[]): string {
  return fields.map((f) => (f.children ? `${f.key}[${outline(f.children)}]` : f.key)).join(' ');
}

/** Strict ajv as the server builds it (multipleOfPrecision for money), for the schema's dialect. */
export function serverAjv(schema: Record<string, unknown>): Ajv {
  const draft07 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  const options = {
    strict: true,
    strictRequired: false,
    strictTypes: false,
    strictTuples: false,
    allErrors: true,
    multipleOfPrecision: MULTIPLE_OF_PRECISION,
  };
  const ajv = draft07 ? new Ajv(options) : (new Ajv2020(options) as unknown as Ajv);
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const ajvs = new Map<boolean, Ajv>();

/** A validator for a schema, compiled the way the server compiles form schemas. */
export function validatorFor(schema: Record<string, unknown>): (data: unknown) => boolean {
  // One ajv per dialect, as on the server; building one per schema is most of a test's time.
  const draft07 = typeof schema.$schema === 'string' && schema.$schema.includes('draft-07');
  let ajv = ajvs.get(draft07);
  if (!ajv) ajvs.set(draft07, (ajv = serverAjv(schema)));
  try {
    const validate = ajv.compile(schema);
    return (data) => validate(data) as boolean;
  } finally {
    ajv.removeSchema(schema);
  }
}

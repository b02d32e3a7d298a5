/**
 * Checks a whole document before the store takes it (replaceDoc, or a new store): anything that
 * would make a command or compile misbehave later is refused now, with the place it was found.
 * Keys are only checked for sibling clashes: an imported form may use keys the designer would not
 * generate, and renaming them would orphan its submissions.
 */
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { DesignerError } from './errors.ts';
import { checkProps, isLocalized } from './props.ts';
import { checkRule } from './rules.ts';
import { isContainer, placementProblem } from './structure.ts';
import { ADVANCED_TYPE, indexFields, type FieldNode, type FormDoc } from './tree.ts';

/** The server refuses schemas nested deeper than 32; each container adds one or two levels. */
export const DOC_LIMITS = { maxDepth: 16, maxFields: 5000, maxRules: 1000 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(at: string, message: string): never {
  throw new DesignerError('invalid_document', `${at}: ${message}`);
}

function checkExtras(value: unknown, at: string): void {
  if (value === undefined) return;
  if (!isObject(value) || !isObject(value.schema) || !isObject(value.uiSchema)) fail(at, 'extras are {schema, uiSchema, i18n?}');
  if (value.i18n !== undefined && (!isObject(value.i18n) || !Object.values(value.i18n).every((t) => typeof t === 'string'))) {
    fail(at, 'extras.i18n maps pointers to text');
  }
}

function checkNode(node: unknown, parent: FieldNode | null, at: string, registry: ReadonlyFieldTypeRegistry): void {
  if (!isObject(node)) fail(at, 'a field must be an object');
  const n = node as unknown as FieldNode;
  if (typeof n.id !== 'string' || n.id === '') fail(at, 'a field needs an id');
  // An empty key is refused when typed (validateKey), but an imported schema may have one.
  if (typeof n.key !== 'string') fail(at, 'a field needs a key');
  if (!isLocalized(n.label)) fail(at, 'a label has text in en and zh-Hant');
  for (const name of ['description', 'help', 'placeholder'] as const) {
    if (n[name] !== undefined && !isLocalized(n[name])) fail(at, `"${name}" has text in en and zh-Hant`);
  }
  if (typeof n.required !== 'boolean') fail(at, '"required" is true or false');
  checkExtras(n.extras, at);
  if (n.type === ADVANCED_TYPE) {
    const raw = n.raw;
    if (!isObject(raw) || !(isObject(raw.schema) || typeof raw.schema === 'boolean') || !isObject(raw.uiSchema)) {
      fail(at, 'an advanced field holds its raw {schema, uiSchema}');
    }
    if (n.children !== undefined) fail(at, 'an advanced field has no children');
    if (isObject(n.props) && Object.keys(n.props).length > 0) fail(at, 'an advanced field has no properties');
  } else {
    const def = registry.get(n.type);
    if (!def) fail(at, `there is no field type "${String(n.type)}"`);
    try {
      checkProps(n.props, def);
    } catch (err) {
      fail(at, (err as Error).message);
    }
    if (isContainer(n, registry) !== Array.isArray(n.children))
      fail(at, `a ${n.type} field ${def.container ? 'needs' : 'has no'} children`);
  }
  const problem = placementProblem(n, parent, registry);
  if (problem) fail(at, problem.message);
}

export function checkDoc(doc: unknown, registry: ReadonlyFieldTypeRegistry): asserts doc is FormDoc {
  if (!isObject(doc)) fail('document', 'must be an object');
  const d = doc as unknown as FormDoc;
  if (!isLocalized(d.title) || !isLocalized(d.description)) fail('document', 'title and description have text in en and zh-Hant');
  if (!Array.isArray(d.fields)) fail('document', 'fields must be a list');
  if (!Array.isArray(d.rules) || d.rules.length > DOC_LIMITS.maxRules)
    fail('document', `rules must be a list of at most ${DOC_LIMITS.maxRules}`);
  checkExtras(d.extras, 'document');
  if (d.extras === undefined) fail('document', 'extras are required');

  const ids = new Set<string>();
  let count = 0;
  const walk = (list: unknown, parent: FieldNode | null, depth: number, at: string) => {
    if (!Array.isArray(list)) fail(at, 'children must be a list');
    if (depth > DOC_LIMITS.maxDepth) fail(at, `fields nest at most ${DOC_LIMITS.maxDepth} deep`);
    const keys = new Set<string>();
    list.forEach((node, i) => {
      const here = `${at}/${i}`;
      if (++count > DOC_LIMITS.maxFields) fail('document', `a form has at most ${DOC_LIMITS.maxFields} fields`);
      checkNode(node, parent, here, registry);
      const n = node as FieldNode;
      if (ids.has(n.id)) fail(here, `the id "${n.id}" is used twice`);
      ids.add(n.id);
      if (keys.has(n.key)) fail(here, `the key "${n.key}" is used twice in one group`);
      keys.add(n.key);
      if (n.children) walk(n.children, n, depth + 1, `${here}/children`);
    });
  };
  walk(d.fields, null, 1, 'fields');

  const index = indexFields(d.fields);
  const ruleIds = new Set<string>();
  d.rules.forEach((rule, i) => {
    if (!isObject(rule) || typeof rule.id !== 'string' || rule.id === '' || ruleIds.has(rule.id) || ids.has(rule.id)) {
      fail(`rules/${i}`, 'a rule needs an id of its own');
    }
    ruleIds.add(rule.id);
    try {
      checkRule(rule, index, registry);
    } catch (err) {
      fail(`rules/${i}`, (err as Error).message);
    }
  });
}

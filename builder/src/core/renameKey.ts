/**
 * When a key changes, the places that name fields by key follow it in the same undo step:
 * calculated fields' expressions (and the deprecated `calculate` spec) and the `fill` maps of relations and of
 * selects whose options come from another form, and the fields a barcode field fills from a scan.
 * Rules name fields by id, so they need nothing. Keys are unique in the whole form, so every
 * reference segment equal to the old key means that field.
 */
import { formatFieldName, parseExpression, walkExpression } from '@formloom/schemas';
import { renameInScanning } from './scanning.ts';
import type { FieldNode, FieldProps } from './tree.ts';

/** The expression with every reference to `from` now naming `to`; unchanged if it does not parse. */
export function renameInExpression(source: string, from: string, to: string): string {
  let ast;
  try {
    ast = parseExpression(source);
  } catch {
    return source; // a formula still being written: nothing to rename reliably
  }
  const edits: { start: number; end: number; text: string }[] = [];
  walkExpression(ast, (node) => {
    if (node.type !== 'reference' || !node.path.includes(from)) return;
    edits.push({ start: node.start, end: node.end, text: node.path.map((p) => formatFieldName(p === from ? to : p)).join('.') });
  });
  let out = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

function renameInProps(props: FieldProps, from: string, to: string): FieldProps {
  let next = props;
  if (props.expression !== undefined) {
    const expression = renameInExpression(props.expression, from, to);
    if (expression !== props.expression) next = { ...next, expression };
  }
  const calc = props.calculate;
  if (calc && (calc.sumOf === from || calc.multiply?.includes(from))) {
    const sumOf = calc.sumOf === from ? to : calc.sumOf;
    next = { ...next, calculate: calc.multiply ? { sumOf, multiply: calc.multiply.map((k) => (k === from ? to : k)) } : { sumOf } };
  }
  const fill = props.relation?.fill;
  if (fill && Object.hasOwn(fill, from)) {
    const renamed = Object.fromEntries(Object.entries(fill).map(([here, there]) => [here === from ? to : here, there]));
    next = { ...next, relation: { ...props.relation!, fill: renamed } };
  }
  const sourceFill = props.optionsFrom?.fill;
  if (sourceFill && Object.hasOwn(sourceFill, from)) {
    const renamed = Object.fromEntries(Object.entries(sourceFill).map(([here, there]) => [here === from ? to : here, there]));
    next = { ...next, optionsFrom: { ...props.optionsFrom!, fill: renamed } };
  }
  if (props.scanning) {
    const scanning = renameInScanning(props.scanning, from, to);
    if (scanning !== props.scanning) next = { ...next, scanning };
  }
  return next;
}

/** The fields with references to `from` renamed; untouched nodes (and lists) keep their identity. */
export function renameReferences(fields: readonly FieldNode[], from: string, to: string): readonly FieldNode[] {
  let changed = false;
  const out = fields.map((node) => {
    const props = renameInProps(node.props, from, to);
    const children = node.children ? renameReferences(node.children, from, to) : undefined;
    if (props === node.props && children === node.children) return node;
    changed = true;
    return { ...node, props, ...(children ? { children: children as FieldNode[] } : {}) };
  });
  return changed ? out : fields;
}

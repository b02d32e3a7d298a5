/**
 * Which of the props a type accepts (core's propsFor) the panel shows. propsFor answers by value
 * kind, so a date or a signature "accepts" a pattern; showing that would only confuse. The registry
 * fragment says enough to tell a typed-in answer from a picked or system-filled one.
 */
import type { FieldTypeDefinition } from '@formloom/schemas';
import { hasOptions, propsFor, type FieldProps } from '../../core/index.ts';

export interface Traits {
  props: Set<keyof FieldProps>;
  /** A registry entry with fixed options of its own type (Yes/No). */
  options: boolean;
  /** Typed in by the person (text, number, email...): placeholder, lengths and patterns make sense. */
  typed: boolean;
  /** Filled in by the system (calculation, auto number, submitter): no default, no required. */
  systemFilled: boolean;
  collectsAnswer: boolean;
}

export function traitsOf(def: FieldTypeDefinition): Traits {
  const schema = def.schema;
  const ui = def.uiSchema;
  const systemFilled = schema.readOnly === true;
  const widget = ui['ui:widget'];
  const typed =
    !systemFilled &&
    !def.container &&
    (def.valueKind === 'string' || def.valueKind === 'number') &&
    !hasOptions(def) &&
    !('ui:field' in ui) &&
    (widget === undefined || widget === 'textarea') &&
    def.category === 'basic';
  return {
    props: new Set(propsFor(def)),
    options: hasOptions(def),
    typed,
    systemFilled,
    collectsAnswer: def.valueKind !== 'none' && !def.container,
  };
}

/** A plain string answer whose shape the designer may constrain (not email, phone or HKID, which have theirs). */
export function acceptsPattern(def: FieldTypeDefinition): boolean {
  return def.valueKind === 'string' && !('pattern' in def.schema) && !('format' in def.schema);
}

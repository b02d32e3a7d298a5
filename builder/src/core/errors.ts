/**
 * Named errors of the designer core. Commands throw DesignerError inside the store, which turns it
 * into `{ ok: false, error: { code, message } }`; the codes are stable so the UI can translate them.
 */
import type { KeyErrorCode } from './keys.ts';

export type DesignerErrorCode =
  | 'invalid_command'
  | 'unknown_field'
  | 'unknown_field_type'
  | 'unknown_rule'
  | 'invalid_index'
  | 'not_a_container'
  | 'move_into_self'
  | 'container_not_allowed'
  | 'at_boundary'
  | 'no_container'
  | 'invalid_patch'
  | 'invalid_props'
  | 'advanced_field'
  | 'invalid_rule'
  | 'invalid_condition'
  | 'unsupported_condition_scope'
  | 'invalid_document'
  | 'nothing_to_undo'
  | 'nothing_to_redo'
  | 'internal_error'
  | KeyErrorCode;

export class DesignerError extends Error {
  constructor(
    readonly code: DesignerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DesignerError';
  }
}

/** importForm refuses a document that is not a form at all (the root is not an object schema). */
export class FormImportError extends Error {
  readonly code = 'invalid_form_schema';
  constructor(message: string) {
    super(message);
    this.name = 'FormImportError';
  }
}

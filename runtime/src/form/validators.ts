import { customizeValidator } from '@rjsf/validator-ajv8';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { MULTIPLE_OF_PRECISION } from '@formloom/schemas';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';

/** The validator for a form's JSON Schema, picked by its `$schema` the same way the server picks its dialect. */
export type ValidatorFor = (schema: RJSFSchema) => ValidatorType;

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;

/**
 * Draft 2020-12 (the default when `$schema` is absent, as on the server) and draft-07 validators.
 * Built once at startup and handed down; components never import a validator themselves.
 */
export function createValidatorFor(): ValidatorFor {
  // Money is `multipleOf: 0.01`, which needs a precision in binary floating point; the registry says which.
  const ajvOptionsOverrides = { multipleOfPrecision: MULTIPLE_OF_PRECISION };
  const draft2020 = customizeValidator({ AjvClass: Ajv2020 as unknown as typeof Ajv, ajvOptionsOverrides });
  const draft07 = customizeValidator({ AjvClass: Ajv, ajvOptionsOverrides });
  return (schema) => (typeof schema.$schema === 'string' && DRAFT_07.test(schema.$schema) ? draft07 : draft2020);
}

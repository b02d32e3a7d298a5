import { defaultFieldTypes } from '@formloom/schemas';
import type { FormKit } from './FormKit.tsx';
import { createValidatorFor } from './validators.ts';
import { formloomFields, formloomWidgets } from './widgets.tsx';

/** The kit the app uses: built-in field types, their widgets, and ajv validators for both drafts. */
export function createDefaultFormKit(): FormKit {
  return {
    validatorFor: createValidatorFor(),
    widgets: formloomWidgets,
    fields: formloomFields,
    fieldTypes: defaultFieldTypes,
  };
}

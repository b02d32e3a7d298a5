/**
 * The reference evaluator of `ui:options.visibleWhen` lives in @formloom/schemas, where the runtime
 * (which must not depend on the builder) reads it too; the designer's tests check it agrees with
 * ajv on the schema compileCondition makes from the same rule.
 */
export { evaluateCondition, valueAt, isEmptyValue, jsonEqual } from '@formloom/schemas';

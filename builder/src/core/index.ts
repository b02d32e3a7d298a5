/** The designer's core: the form model, its commands and store, compile and import. No React here. */
export * from './tree.ts';
export * from './commands.ts';
export * from './errors.ts';
export * from './keys.ts';
export { PATTERN_PRESETS, MAX_OPTIONS, hasOptions, propsFor, patternProblem } from './props.ts';
export { containerKind, isContainer, isFlatContainer, placementProblem, type ContainerKind } from './structure.ts';
export { RULE_LIMITS, conditionsOf, operatorsFor, ruleLevel, checkRule, type RuleLevel } from './rules.ts';
export { checkDoc, DOC_LIMITS } from './checkDoc.ts';
export { createDesignerStore, DEFAULT_HISTORY_LIMIT } from './store.ts';
export type { DesignerState, DesignerStore, DesignerStoreOptions, HistoryEntry } from './store.ts';
export { compileForm, SCHEMA_DIALECT, type CompiledForm, type CompileOptions, type CompileWarning } from './compile.ts';
export { compileCondition, runtimeCondition, EMPTY_VALUES, type RuntimeCondition, type CompileConditionOptions } from './condition.ts';
export { evaluateCondition, valueAt, isEmptyValue, jsonEqual } from './runtimeCondition.ts';
export { importForm, type ImportOptions } from './import.ts';
export * from './scanning.ts';

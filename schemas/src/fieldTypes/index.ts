export * from './types.ts';
export * from './registry.ts';
export { builtInFieldTypes, HK_PHONE_PATTERN, HKID_PATTERN, MULTIPLE_OF_PRECISION } from './builtins/index.ts';

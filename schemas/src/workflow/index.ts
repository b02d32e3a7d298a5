export * from './types.ts';
export * from './check.ts';

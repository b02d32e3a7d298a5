export * from './format.ts';
export * from './chartOption.ts';

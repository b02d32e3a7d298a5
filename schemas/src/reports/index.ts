export * from './format.ts';
export * from './chartOption.ts';
export * from './tables.ts';
export * from './automatic.ts';

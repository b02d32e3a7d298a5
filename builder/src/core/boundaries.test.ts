import { describe, expect, it } from 'vitest';

// The core must stay usable without React or a browser: the UI dispatches to it, never the reverse.
const sources = import.meta.glob(['./**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** `spec` imported from `file`, as a path from this folder (a leading `../` means outside core). */
function resolve(file: string, spec: string): string {
  const parts = [...file.split('/').slice(0, -1), ...spec.split('/')];
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

describe('builder/src/core', () => {
  it('imports no React, DOM or code from outside the folder', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    for (const [file, text] of Object.entries(sources)) {
      for (const [, spec] of text.matchAll(/from '([^']+)'/g)) {
        expect(spec, file).not.toMatch(/^react|react-dnd/);
        if (spec.startsWith('.')) expect(resolve(file, spec), `${file} imports ${spec}`).not.toMatch(/^\.\./);
      }
      expect(text, file).not.toMatch(/\b(window|document|localStorage)\.[a-zA-Z]/);
    }
  });
});

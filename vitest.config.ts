import { defineConfig } from 'vitest/config';

// One run, several projects: each package keeps its tests next to its code.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schemas', root: './schemas', environment: 'node', include: ['src/**/*.test.ts'] } },
      { test: { name: 'builder', root: './builder', environment: 'node', include: ['src/**/*.test.ts'] } },
      {
        extends: './builder/vite.config.ts',
        test: { name: 'builder-ui', root: './builder', environment: 'jsdom', include: ['src/**/*.test.tsx'] },
      },
      {
        test: {
          name: 'server',
          root: './server',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: './runtime/vite.config.ts',
        test: {
          name: 'runtime',
          root: './runtime',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/test/setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: './e2e',
          environment: 'node',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

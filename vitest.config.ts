import { defineConfig } from 'vitest/config';

// jsdom renders of whole forms take seconds on a busy CI machine; a limit is there to catch hangs,
// not to time the code (speed lives in bench/).
const UI_TEST_TIMEOUT_MS = 30_000;

// One run, several projects: each package keeps its tests next to its code.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'schemas', root: './schemas', environment: 'node', include: ['src/**/*.test.ts'] } },
      { test: { name: 'builder', root: './builder', environment: 'node', include: ['src/**/*.test.ts'] } },
      {
        extends: './builder/vite.config.ts',
        test: {
          name: 'builder-ui',
          root: './builder',
          environment: 'jsdom',
          include: ['src/**/*.test.tsx'],
          setupFiles: ['./src/test/setup.ts'],
          testTimeout: UI_TEST_TIMEOUT_MS,
        },
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
        test: {
          name: 'plugins',
          root: './plugins',
          environment: 'node',
          include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
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
          testTimeout: UI_TEST_TIMEOUT_MS,
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
          // expect.poll waits for the page to catch up with the server; vitest's 1 s default was
          // shorter than a report page takes to load while the rest of the suite runs alongside.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// Tests live beside the code they test (src/**/*.test.ts) and end-to-end tests under test/.
// Two cores: keep parallelism modest so process-heavy tests do not starve each other.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'examples/**', 'dist/**'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

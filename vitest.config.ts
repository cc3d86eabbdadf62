import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.js';

// Three projects, each runnable alone (`npm run test:unit`, `test:e2e`, `test:browser`); plain
// `vitest run` (scripts/test.sh) runs all three.
// - unit: tests beside the code (src/**/*.test.ts), pure and adapter tests; no build needed.
// - e2e: everything else under test/ (the built CLI on throw-away projects); global setup builds dist/ once.
// - browser: the dashboard in real Chromium.
// Two cores: keep parallelism modest so process-heavy tests do not starve each other.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', 'examples/**', 'dist/**'],
    setupFiles: ['test/setup-seed.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Long files first on a fresh clone (no timing cache), so no worker idles at the end.
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**', 'test/browser/**'], globalSetup: ['test/global-setup.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'] } },
    ],
  },
});

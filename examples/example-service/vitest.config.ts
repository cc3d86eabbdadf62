import { defineConfig } from 'vitest/config';

// Unit tests for the domain, the services and the HTTP surface (through a real loopback server).
// Coverage is what specgate's validate stage gates on (coverage.file in specgate.yaml).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The process entry points only wire signals and env; server.ts (which they call) is tested.
      exclude: ['src/main.ts', 'src/smoke.ts'],
      reporter: ['text-summary', 'json-summary', 'lcov'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 70 },
    },
  },
});

// The diff against the previous release: scenarios added/removed across a spec change, coverage
// deltas, dependencies added/removed/upgraded, and SAST findings that are new (line moves ignored).
import { describe, expect, it } from 'vitest';
import { releaseChanges } from './changes.js';

const coverage = (scenarios: [string, string, string][], passedPct: number, code: number | null) => ({
  scenarios: scenarios.map(([feature, scenario, status]) => ({ feature, scenario, status, file: 'f.feature', line: 1 })),
  percentPassed: passedPct,
  code: code === null ? null : { lines: { pct: code }, threshold: 70 },
});
const sbom = (components: [string, string][]) => ({ bomFormat: 'CycloneDX', components: components.map(([name, version]) => ({ name, version })) });
const sarif = (results: [string, string, number, string][]) => ({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'eslint' } }, results: results.map(([ruleId, file, line, text]) => ({ ruleId, level: 'error', message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: line } } }] })) }],
});

describe('releaseChanges', () => {
  it('compares two releases of a project whose specs changed', () => {
    const previous = {
      runId: '20260101090000',
      featureSha: 'aaaaaaaaaaaa',
      coverage: coverage([['Pay', 'accept', 'passed'], ['Pay', 'refund', 'passed']], 100, 80),
      sbom: sbom([['left-pad', '1.0.0'], ['hono', '4.0.0']]),
      sarif: sarif([['no-eval', 'src/a.ts', 10, 'eval is evil']]),
    };
    const current = {
      coverage: coverage([['Pay', 'accept', 'passed'], ['Pay', 'reject', 'failed']], 50, 72.5),
      sbom: sbom([['hono', '4.1.0'], ['zod', '3.23.8']]),
      // The old finding moved to line 14: still the same finding. A new rule fired.
      sarif: sarif([['no-eval', 'src/a.ts', 14, 'eval is evil'], ['detect-child-process', 'src/b.ts', 3, 'exec with input']]),
    };
    expect(releaseChanges(current, previous, '')).toEqual({
      state: 'compared',
      previous: { runId: '20260101090000', featureSha: 'aaaaaaaaaaaa' },
      scenarios: { added: ['Pay › reject'], removed: ['Pay › refund'] },
      passRateDelta: -50,
      codeCoverageDelta: -7.5,
      dependencies: { added: ['zod@3.23.8'], removed: ['left-pad@1.0.0'], upgraded: ['hono 4.0.0 → 4.1.0'] },
      newFindings: ['error detect-child-process in src/b.ts: exec with input'],
      fixedFindings: 0,
    });
  });

  it('falls back to the declared scenarios when a release ran none, and says why nothing is compared', () => {
    const estimates = (names: string[]) => ({ scenarios: names.map((scenario) => ({ feature: 'Pay', scenario })), unbudgeted: [] });
    const c = releaseChanges({ estimates: estimates(['a', 'b']) }, { runId: '1', featureSha: 'b', estimates: estimates(['a']) }, '');
    expect(c).toMatchObject({ state: 'compared', scenarios: { added: ['Pay › b'], removed: [] }, passRateDelta: null, codeCoverageDelta: null });
    expect(releaseChanges({}, undefined, 'no earlier run was deployed to staging')).toEqual({ state: 'none', reason: 'no earlier run was deployed to staging' });
  });
});

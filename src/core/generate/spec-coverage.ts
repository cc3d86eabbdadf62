// spec-coverage.json (docs/contracts.md §3): how many scenarios (pickles: one per example row) exist, are
// implemented (every step defined and none pending) and pass, against the spec threshold. The gate
// follows docs/contracts.md §6: below the threshold compliance fails, sandbox warns.
import type { Mode } from '../config/schema.js';

export const SPEC_COVERAGE_SCHEMA_VERSION = 1;

export const PICKLE_STATUSES = ['passed', 'failed', 'pending', 'undefined', 'skipped', 'ambiguous'] as const;
export type PickleStatus = (typeof PICKLE_STATUSES)[number];

/** One executed scenario, or one example row of an outline. */
export interface PickleResult {
  readonly id: string;
  readonly feature: string;
  /** POSIX path relative to the project root. */
  readonly file: string;
  /** The scenario's (or outline's) line; `example` tells outline rows apart. */
  readonly line: number;
  readonly scenario: string;
  /** Index of the example row within the outline's examples (0-based). */
  readonly example?: number;
  readonly status: PickleStatus;
  readonly durationMs: number;
  /** The first step that did not pass ("Then I receive a 500 response"), when the scenario did not. */
  readonly step?: string;
  /** That step's line in the feature file (a Background step's line for a background step). */
  readonly stepLine?: number;
  readonly error?: string;
}

export interface CodeCoverage {
  readonly file: string;
  readonly format: 'istanbul-summary' | 'lcov' | 'coverage-py';
  readonly lines: { readonly total: number; readonly covered: number; readonly pct: number };
  readonly threshold: number;
  readonly met: boolean;
}

export interface SpecCoverageInput {
  readonly featureSha: string;
  readonly scenarios: readonly PickleResult[];
  /** Percent of pickles that must pass (config `coverage.specThreshold`). */
  readonly threshold: number;
  readonly mode: Mode;
  readonly code: CodeCoverage | null;
}

export interface SpecCoverage {
  readonly schemaVersion: number;
  readonly featureSha: string;
  readonly mode: Mode;
  readonly scenarios: readonly PickleResult[];
  readonly totals: { readonly total: number; readonly implemented: number; readonly passed: number } & Record<PickleStatus, number>;
  readonly percentPassed: number;
  readonly threshold: number;
  readonly gate: { readonly outcome: 'pass' | 'warn' | 'fail'; readonly reason: string };
  readonly code: CodeCoverage | null;
}

const MAX_ERROR = 2_000;
/** Step text and error messages come from user code: bounded before they are written. */
const capped = (text: string): string => (text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text);

function byLocation(a: PickleResult, b: PickleResult): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.example ?? -1) - (b.example ?? -1);
}

/** Pure: builds the spec-coverage document and its gate decision. */
export function buildSpecCoverage(input: SpecCoverageInput): SpecCoverage {
  const scenarios = [...input.scenarios].sort(byLocation).map((s) => ({
    ...s,
    durationMs: Math.max(0, Math.round(s.durationMs * 1000) / 1000),
    ...(s.step === undefined ? {} : { step: capped(s.step) }),
    ...(s.error === undefined ? {} : { error: capped(s.error) }),
  }));
  const counts = Object.fromEntries(PICKLE_STATUSES.map((status) => [status, scenarios.filter((s) => s.status === status).length])) as Record<PickleStatus, number>;
  const total = scenarios.length;
  const implemented = total - counts.undefined - counts.pending;
  const passed = counts.passed;
  const percentPassed = total === 0 ? 0 : Math.floor((passed / total) * 10_000) / 100;
  const met = total > 0 && percentPassed >= input.threshold;
  const reason =
    total === 0
      ? 'no scenarios were run'
      : `${passed} of ${total} scenarios passed (${percentPassed}%), threshold ${input.threshold}%` +
        (counts.undefined + counts.pending > 0 ? `; ${counts.undefined} undefined and ${counts.pending} pending` : '');
  return {
    schemaVersion: SPEC_COVERAGE_SCHEMA_VERSION,
    featureSha: input.featureSha,
    mode: input.mode,
    scenarios,
    totals: { ...counts, total, implemented, passed },
    percentPassed,
    threshold: input.threshold,
    gate: { outcome: met ? 'pass' : input.mode === 'compliance' ? 'fail' : 'warn', reason },
    code: input.code,
  };
}

/** Worst status of a set of pickles (a scenario is as good as its worst example row). */
export function worstStatus(statuses: readonly PickleStatus[]): PickleStatus {
  const order: readonly PickleStatus[] = ['failed', 'ambiguous', 'undefined', 'pending', 'skipped', 'passed'];
  return order.find((s) => statuses.includes(s)) ?? 'skipped';
}

/** Scenario results keyed `file:line` of the scenario, for living docs and traceability. */
export function scenarioResults(scenarios: readonly PickleResult[]): Map<string, string> {
  const grouped = new Map<string, PickleStatus[]>();
  for (const p of scenarios) {
    const key = `${p.file}:${p.line}`;
    grouped.set(key, [...(grouped.get(key) ?? []), p.status]);
  }
  return new Map([...grouped].map(([key, statuses]) => [key, worstStatus(statuses)]));
}

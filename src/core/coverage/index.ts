// The coverage reader registry and the threshold gate (docs/contracts.md §6: below threshold is a warning
// in sandbox and a failure in compliance).
import type { Mode } from '../config/schema.js';
import { istanbulSummaryReader } from './istanbul.js';
import { lcovReader } from './lcov.js';
import { coveragePyReader } from './coverage-py.js';
import type { CodeCoverage, CoverageReader } from './reader.js';

export * from './reader.js';

export const coverageReaders: readonly CoverageReader[] = [coveragePyReader, istanbulSummaryReader, lcovReader];

export function readerFor(fileName: string, text: string): CoverageReader | undefined {
  // Content first (two JSON formats share the extension), then the extension alone.
  return coverageReaders.find((r) => r.accepts(fileName, text)) ?? coverageReaders.find((r) => (r.format === 'lcov' ? fileName.endsWith('.info') : fileName.endsWith('.json')));
}

export interface CoverageGate {
  readonly outcome: 'pass' | 'warn' | 'fail';
  readonly met: boolean;
  readonly reason: string;
}

/** Line coverage against the threshold; exactly at the threshold passes. */
export function coverageGate(mode: Mode, coverage: CodeCoverage, threshold: number): CoverageGate {
  const pct = coverage.lines.pct;
  const met = pct !== null && pct >= threshold;
  const actual = pct === null ? 'unknown (no lines measured)' : `${pct}%`;
  if (met) return { outcome: 'pass', met, reason: `line coverage ${actual} ≥ ${threshold}%` };
  return {
    outcome: mode === 'compliance' ? 'fail' : 'warn',
    met,
    reason: `line coverage ${actual} is below the ${threshold}% threshold`,
  };
}

// Code coverage readers, registered by format (docs/ARCHITECTURE.md: registries, not switches). Each parses
// the text a test runner wrote; the validate stage picks the reader by file name and content.

export interface CoverageMetric {
  readonly total: number;
  readonly covered: number;
  /** Percent covered, or null when nothing was measurable (istanbul writes "Unknown"). */
  readonly pct: number | null;
}

export interface CodeCoverage {
  readonly format: CoverageFormat;
  readonly lines: CoverageMetric;
  readonly statements?: CoverageMetric;
  readonly functions?: CoverageMetric;
  readonly branches?: CoverageMetric;
}

export type CoverageFormat = 'istanbul-summary' | 'lcov' | 'coverage-py';

export class CoverageParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CoverageParseError';
  }
}

export interface CoverageReader {
  readonly format: CoverageFormat;
  /** True when this reader understands the file (by name, then by content). */
  accepts(fileName: string, text: string): boolean;
  /** Parses the text; throws CoverageParseError naming the line where it can. */
  read(text: string): CodeCoverage;
}

export function percent(covered: number, total: number): number | null {
  return total === 0 ? null : Math.round((covered / total) * 10_000) / 100;
}

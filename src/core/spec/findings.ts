// Spec findings (docs/contracts.md §1): data, never exceptions. The rules produce them without a severity;
// the mode in force decides whether each one is a warning (sandbox) or an error (compliance).
import type { Mode } from '../config/schema.js';
import { printable } from '../printable.js';

/** The closed, stable set of finding codes users and tests match on. */
export const FINDING_CODES = [
  'GHERKIN_SYNTAX',
  'RESOURCE_MISSING',
  'RESOURCE_MALFORMED',
  'RESOURCE_UNKNOWN_KEY',
  'RESOURCE_DUPLICATE_KEY',
  'RESOURCE_MISSING_KEY',
  'RESOURCE_DUPLICATE_TAG',
  'RESOURCE_OUT_OF_RANGE',
  'RESOURCE_NOT_INTEGER',
  'RESOURCE_PRECISION',
  'STEP_MISSING_GIVEN',
  'STEP_MISSING_WHEN',
  'STEP_MISSING_THEN',
  'NO_SCENARIOS',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'error' | 'warning';

/** A finding as the rules see it: where, what, and why, before the mode assigns a severity. */
export interface RawFinding {
  /** POSIX path relative to the project root. */
  readonly file: string;
  /** 1-based; one past the last line only for the parser's "unexpected end of file". */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly code: FindingCode;
  readonly message: string;
  /** The resource key the finding is about (`cpu`, `memory`, …). */
  readonly key?: string;
  /** The scenario the finding is about, when there is one. */
  readonly scenario?: string;
}

export interface Finding extends RawFinding {
  readonly severity: Severity;
}

/** Sandbox collects warnings and keeps going; compliance turns every finding into an error. */
export function severityFor(mode: Mode): Severity {
  return mode === 'compliance' ? 'error' : 'warning';
}

export function applyMode(findings: readonly RawFinding[], mode: Mode): Finding[] {
  const severity = severityFor(mode);
  // Fixed key order, so the JSON reads the same way docs/contracts.md §1 lists the fields.
  return sortFindings(findings).map((f) => ({
    file: f.file,
    line: f.line,
    column: f.column,
    code: f.code,
    severity,
    message: f.message,
    ...(f.key === undefined ? {} : { key: f.key }),
    ...(f.scenario === undefined ? {} : { scenario: f.scenario }),
  }));
}

function compareBytes(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** File (bytewise, like the feature SHA manifest), then line, column, code, message. */
export function sortFindings<T extends RawFinding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      compareBytes(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareBytes(a.code, b.code) ||
      compareBytes(a.message, b.message),
  );
}

/**
 * Compiler form: `features/pay.feature:3:3: error RESOURCE_PRECISION cpu=0.1234 has …`. One line
 * whatever the file name or spec text hold (control characters escaped, core/printable.ts).
 */
export function formatFinding(finding: Finding, displayPath: string = finding.file): string {
  return printable(`${displayPath}:${finding.line}:${finding.column}: ${finding.severity} ${finding.code} ${finding.message}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing line of `specgate validate`: `12 files, 87 scenarios, 2 errors, 1 warning`. */
export function formatSummary(counts: { files: number; scenarios: number; errors: number; warnings: number }): string {
  return [plural(counts.files, 'file'), plural(counts.scenarios, 'scenario'), plural(counts.errors, 'error'), plural(counts.warnings, 'warning')].join(', ');
}

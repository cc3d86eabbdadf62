// The `spec-validation-report.json` document (docs/contracts.md §3): mode, feature SHA, status, per-file
// digests and counts, and every finding sorted by file and line. Deterministic: no clock, sorted.
import type { Mode } from '../config/schema.js';
import { featureShaOfSorted, sortByPathBytes } from './feature-sha.js';
import { applyMode, type Finding, type RawFinding } from './findings.js';
import { countSpecs, type SpecCounts, type SpecFileModel, type SpecModel } from './model.js';

export const SPEC_VALIDATION_SCHEMA_VERSION = '1.0.0';

export type ValidationStatus = 'pass' | 'warn' | 'fail';

export interface SpecValidationReport {
  readonly schemaVersion: typeof SPEC_VALIDATION_SCHEMA_VERSION;
  readonly tool: { readonly name: 'specgate'; readonly version: string };
  readonly mode: Mode;
  readonly featureSha: string;
  readonly status: ValidationStatus;
  readonly summary: SpecCounts & { readonly errors: number; readonly warnings: number };
  readonly files: readonly {
    readonly path: string;
    readonly sha256: string;
    readonly size: number;
    readonly language: string | null;
    readonly features: number;
    readonly scenarios: number;
    readonly examples: number;
  }[];
  readonly findings: readonly Finding[];
}

/** pass: no findings; warn: warnings only (sandbox); fail: at least one error (compliance). */
export function statusOf(findings: readonly Finding[]): ValidationStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  return findings.length > 0 ? 'warn' : 'pass';
}

export function buildSpecModel(files: readonly SpecFileModel[]): SpecModel {
  const sorted = sortByPathBytes(files);
  return { featureSha: featureShaOfSorted(sorted), files: sorted };
}

export function buildValidationReport(input: {
  readonly model: SpecModel;
  readonly findings: readonly RawFinding[];
  readonly mode: Mode;
  readonly toolVersion: string;
}): SpecValidationReport {
  const findings = applyMode(input.findings, input.mode);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    schemaVersion: SPEC_VALIDATION_SCHEMA_VERSION,
    tool: { name: 'specgate', version: input.toolVersion },
    mode: input.mode,
    featureSha: input.model.featureSha,
    status: statusOf(findings),
    summary: { ...countSpecs(input.model.files), errors, warnings: findings.length - errors },
    files: input.model.files.map((f) => {
      const counts = countSpecs([f]);
      return {
        path: f.path,
        sha256: f.sha256,
        size: f.size,
        language: f.language ?? null,
        features: counts.features,
        scenarios: counts.scenarios,
        examples: counts.examples,
      };
    }),
    findings,
  };
}

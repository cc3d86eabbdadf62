// The preflight use case: read the spec set, apply the spec rules to every file, and return the
// spec-validation report plus the parsed model (budgets) for later stages. Shared by
// `specgate validate` and the pipeline's preflight stage.
import type { Mode } from '../../core/config/schema.js';
import type { FileSystem } from '../../core/ports.js';
import { analyseSpecFile, type BudgetCache } from '../../core/spec/analyse.js';
import type { RawFinding } from '../../core/spec/findings.js';
import { withoutScenarios, type SpecFileModel, type SpecModel } from '../../core/spec/model.js';
import { buildSpecModel, buildValidationReport, type SpecValidationReport } from '../../core/spec/report.js';
import { VERSION } from '../../version.js';
import { loadSpecSources } from './discover.js';

export interface ValidateSpecsInput {
  readonly fs: FileSystem;
  /** Absolute project root: finding paths and the feature SHA are relative to it. */
  readonly root: string;
  /** Files or folders, absolute or relative to `root` (usually the config's `features`). */
  readonly paths: readonly string[];
  readonly mode: Mode;
  readonly toolVersion?: string;
  /** Stops the reads (InterruptedError, exit 130) when aborted. */
  readonly signal?: AbortSignal;
  /**
   * `counts`: keep only each file's scenario counts (the report's needs; `specgate validate`), not
   * its scenarios (budgets, names, tags for later stages): a 20,000-file set then holds ≈ 10 MB
   * instead of ≈ 120 MB. The report is the same either way. Default `model`.
   */
  readonly retain?: 'model' | 'counts';
}

export interface ValidateSpecsResult {
  readonly report: SpecValidationReport;
  readonly model: SpecModel;
}

/** Throws SpecError (exit 2) when the spec set cannot be read or is empty; findings are data. */
export async function validateSpecs(input: ValidateSpecsInput): Promise<ValidateSpecsResult> {
  const files: SpecFileModel[] = [];
  const findings: RawFinding[] = [];
  const budgets: BudgetCache = new Map();
  // Each file is analysed as it arrives; its bytes are dropped once hashed and parsed.
  await loadSpecSources(input.fs, input.root, input.paths, (source) => {
    const analysed = analyseSpecFile(source.path, source.bytes, budgets);
    files.push(input.retain === 'counts' ? withoutScenarios(analysed.model) : analysed.model);
    findings.push(...analysed.findings);
  }, input.signal);
  const model = buildSpecModel(files);
  const report = buildValidationReport({ model, findings, mode: input.mode, toolVersion: input.toolVersion ?? VERSION });
  return { report, model };
}

// Preflight: the spec rules of docs/contracts.md §1. Writes spec-validation-report.json and
// resource-estimates.json; findings are warnings in sandbox and stop a compliance run.
import type { Stage, StageResult } from '../pipeline/stage.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';

const json = (doc: unknown): string => `${JSON.stringify(doc, null, 2)}\n`;

export const preflightStage: Stage = {
  name: 'preflight',
  description: 'spec rules: Gherkin syntax, resource tags, Given/When/Then',
  async run(ctx): Promise<StageResult> {
    const { specs, run } = ctx;
    await ctx.writeArtifact(EVIDENCE_FILE.validation, json(specs.validationReport), 'application/json');
    await ctx.writeArtifact(EVIDENCE_FILE.estimates, json(specs.resourceEstimates), 'application/json');
    for (const line of specs.findingLines) {
      ctx.emit({ type: 'finding', stage: 'preflight', severity: run.mode === 'compliance' ? 'error' : 'warning', text: line });
    }
    const count = specs.errors + specs.warnings;
    const files = specs.files.length;
    if (count === 0) {
      return {
        status: 'success',
        summary: `${files} spec files, no findings`,
        artifact: EVIDENCE_FILE.validation,
        gates: [{ gate: 'spec findings', outcome: 'pass', reason: 'no findings' }],
      };
    }
    const noun = count === 1 ? 'finding' : 'findings';
    return run.mode === 'compliance'
      ? {
          status: 'failure',
          summary: `${count} spec ${noun} in ${files} files (compliance: errors)`,
          artifact: EVIDENCE_FILE.validation,
          gates: [{ gate: 'spec findings', outcome: 'fail', reason: `${count} ${noun}; compliance stops after preflight` }],
        }
      : {
          status: 'warning',
          summary: `${count} spec ${noun} in ${files} files (sandbox: warnings)`,
          artifact: EVIDENCE_FILE.validation,
          gates: [{ gate: 'spec findings', outcome: 'warn', reason: `${count} ${noun}; sandbox continues` }],
        };
  },
};

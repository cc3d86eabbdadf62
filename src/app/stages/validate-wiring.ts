// The validate stage with its real providers: the SAST scan (src/app/security) and the scenario
// runner (src/app/scenarios) whose results become spec-coverage.json.
import { decideSastGate } from '../../core/security/sarif.js';
import { describeScanCoverage } from '../../core/security/scan-coverage.js';
import { buildSpecCoverage } from '../../core/generate/spec-coverage.js';
import type { Stage } from '../pipeline/stage.js';
import { createValidateStage, type ScenarioProvider, type SastProvider } from './validate.js';

const sast: SastProvider = {
  async run(ctx) {
    const { runSast } = await import('../security/sast.js');
    const outcome = await runSast({ root: ctx.run.projectRoot, config: ctx.config, signal: ctx.signal, fs: ctx.fs, processes: ctx.processes, env: ctx.env });
    const gate = decideSastGate(ctx.run.mode, outcome.summary, outcome.problems, outcome.scanCoverage);
    const { error, warning, note } = outcome.summary;
    return { sarif: outcome.sarif, gate, summary: `${error} error, ${warning} warning, ${note} note; ${describeScanCoverage(outcome.scanCoverage)}` };
  },
};

const scenarios: ScenarioProvider = {
  async run(ctx, code) {
    const { runScenarios } = await import('../scenarios/run-scenarios.js');
    const result = await runScenarios({
      projectRoot: ctx.run.projectRoot,
      config: ctx.config,
      featurePaths: ctx.specs.files.map((f) => f.path),
      signal: ctx.signal,
      processes: ctx.processes,
      env: ctx.env,
    });
    const specCoverage = buildSpecCoverage({
      featureSha: ctx.run.featureSha,
      scenarios: result.pickles,
      threshold: ctx.config.coverage.specThreshold,
      mode: ctx.run.mode,
      code:
        code === null
          ? null
          : { file: code.file, format: code.format, lines: { ...code.lines, pct: code.lines.pct ?? 0 }, threshold: code.threshold, met: code.met },
    });
    return {
      specCoverage,
      messagesNdjson: result.messagesNdjson,
      gate: { gate: 'spec coverage', ...specCoverage.gate },
      summary: specCoverage.gate.reason,
    };
  },
};

export function validateStage(): Stage {
  return createValidateStage({ sast, scenarios });
}

// The validate stage with its real providers: the SAST scan (src/app/security) and the scenario
// runner (src/app/scenarios) whose results become spec-coverage.json.
import { decideSastGate } from '../../core/security/sarif.js';
import { describeScanCoverage } from '../../core/security/scan-coverage.js';
import { buildSpecCoverage } from '../../core/generate/spec-coverage.js';
import { GenerateError } from '../../core/generate/errors.js';
import type { Stage } from '../pipeline/stage.js';
import type { SastStagePorts, ValidateStagePorts } from './ports.js';
import { createValidateStage, type ScenarioProvider, type SastProvider } from './validate.js';

const sastWith = ({ eslintScan }: SastStagePorts): SastProvider => ({
  async run(ctx) {
    const { runSast } = await import('../security/sast.js');
    const outcome = await runSast({ root: ctx.run.projectRoot, config: ctx.config, signal: ctx.signal, fs: ctx.fs, processes: ctx.processes, eslintScan, env: ctx.env });
    const gate = decideSastGate(ctx.run.mode, outcome.summary, outcome.problems, outcome.scanCoverage);
    const { error, warning, note } = outcome.summary;
    return { sarif: outcome.sarif, gate, summary: `${error} error, ${warning} warning, ${note} note; ${describeScanCoverage(outcome.scanCoverage)}` };
  },
});

const scenariosWith = (ports: ValidateStagePorts['scenarios']): ScenarioProvider => ({
  async run(ctx, code) {
    const { runScenarios } = await import('../scenarios/run-scenarios.js');
    let result: Awaited<ReturnType<typeof runScenarios>>;
    try {
      result = await runScenarios({
        projectRoot: ctx.run.projectRoot,
        config: ctx.config,
        featurePaths: ctx.specs.files.map((f) => f.path),
        signal: ctx.signal,
        env: ctx.env,
        ports: { ...ports, fs: ctx.fs },
        onScenario: ({ current, total, name }) => ctx.emit({ type: 'stage.step', stage: 'validate', step: 'scenarios', detail: name, current, total }),
      });
    } catch (error) {
      // Nothing to run against is a gate result (a warning in sandbox), said in one line.
      if (!(error instanceof GenerateError) || error.code !== 'SCENARIO_NO_TARGET') throw error;
      const reason = `scenarios not run: ${error.message} (${error.hint ?? ''})`;
      const specCoverage = { schemaVersion: 1, featureSha: ctx.run.featureSha, mode: ctx.run.mode, scenarios: null, code };
      return { specCoverage, gate: { gate: 'spec coverage', outcome: ctx.run.mode === 'compliance' ? 'fail' : 'warn', reason }, summary: reason };
    }
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
});

export function validateStage(ports: ValidateStagePorts & SastStagePorts): Stage {
  return createValidateStage({ openLog: ports.openLog, sast: sastWith(ports), scenarios: scenariosWith(ports.scenarios) });
}

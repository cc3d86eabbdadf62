// Validate: the project's lint and test commands as child processes (./validate-command.ts),
// code coverage against the threshold, SAST, and the scenarios (spec coverage). Each check is a
// gate applied per mode.
import * as path from 'node:path';
import { coverageGate, CoverageParseError, readerFor, type CodeCoverage } from '../../core/coverage/index.js';
import type { OpenLogFile } from '../../core/ports.js';
import type { GateDecision, Stage, StageContext, StageResult } from '../pipeline/stage.js';
import { failOrWarn, runCommand } from './validate-command.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { coverageEvidenceName, coverageFreshness, setAsideCoverage, type CoverageBinding } from './coverage-binding.js';

/** The code-coverage section of spec-coverage.json. */
export interface CodeCoverageSection {
  readonly file: string;
  readonly format: CodeCoverage['format'];
  readonly lines: CodeCoverage['lines'];
  readonly statements?: CodeCoverage['statements'];
  readonly functions?: CodeCoverage['functions'];
  readonly branches?: CodeCoverage['branches'];
  readonly threshold: number;
  readonly met: boolean;
}

/** SAST as the validate stage sees it (src/app/security provides the real one). */
export interface SastProvider {
  run(ctx: StageContext): Promise<{ readonly sarif: string; readonly gate: GateDecision; readonly summary: string }>;
}

/** Scenario execution and the spec-coverage document (src/app/scenarios provides the real one). */
export interface ScenarioProvider {
  run(
    ctx: StageContext,
    code: CodeCoverageSection | null,
  ): Promise<{ readonly specCoverage: unknown; readonly messagesNdjson?: string; readonly gate: GateDecision; readonly summary: string }>;
}

export interface ValidateProviders {
  /** Opens the lint and test commands' logs (streamed while they run). */
  readonly openLog: OpenLogFile;
  readonly sast?: SastProvider;
  readonly scenarios?: ScenarioProvider;
}

async function readCoverage(ctx: StageContext, binding: CoverageBinding): Promise<{ section: CodeCoverageSection | null; gate: GateDecision }> {
  const { file, threshold } = ctx.config.coverage;
  const absolute = path.resolve(ctx.run.projectRoot, file);
  const notThisRun = await coverageFreshness(ctx, binding);
  if (notThisRun !== undefined) return { section: null, gate: notThisRun };
  let text: string;
  try {
    text = await ctx.fs.readText(absolute);
  } catch {
    return {
      section: null,
      gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `no coverage file at ${file} (configure coverage.file or make the test command write it)` },
    };
  }
  const reader = readerFor(file, text);
  if (reader === undefined) {
    return { section: null, gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `${file}: not istanbul json-summary, lcov nor coverage.py JSON` } };
  }
  let coverage: CodeCoverage;
  try {
    coverage = reader.read(text);
  } catch (error) {
    const where = error instanceof CoverageParseError && error.line !== undefined ? `${file}:${error.line}` : file;
    return { section: null, gate: { gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: `${where}: ${(error as Error).message}` } };
  }
  const gate = coverageGate(ctx.run.mode, coverage, threshold);
  // The exact bytes the gate read become evidence: their digest is in the signed manifest.
  const copy = coverageEvidenceName(file);
  await ctx.writeArtifact(copy, text, file.endsWith('.json') ? 'application/json' : 'text/plain');
  return {
    section: { file, ...coverage, threshold, met: gate.met },
    gate: { gate: 'code coverage', outcome: gate.outcome, reason: `${gate.reason} (written by this run's test command; copied to ${copy})` },
  };
}

/** Lint, tests and the code coverage the tests wrote: a gate each (coverage warns or fails when no test command ran). */
async function commandGates(ctx: StageContext, providers: ValidateProviders): Promise<{ gates: GateDecision[]; code: CodeCoverageSection | null }> {
  const gates: GateDecision[] = [];
  const lint = await runCommand(ctx, providers.openLog, 'lint');
  if (lint) gates.push(lint);
  const binding = ctx.config.commands.test === undefined ? undefined : await setAsideCoverage(ctx);
  const test = await runCommand(ctx, providers.openLog, 'test');
  if (test) gates.push(test);
  if (test && binding) ctx.emit({ type: 'stage.step', stage: 'validate', step: 'coverage', detail: ctx.config.coverage.file });
  const coverage = test && binding ? await readCoverage(ctx, binding) : undefined;
  if (coverage) gates.push(coverage.gate);
  else gates.push({ gate: 'code coverage', outcome: failOrWarn(ctx.run.mode), reason: 'no test command configured (commands.test), so no code coverage' });
  return { gates, code: coverage?.section ?? null };
}

async function sastGate(ctx: StageContext, sast: SastProvider | undefined): Promise<GateDecision> {
  if (!sast) return { gate: 'sast', outcome: failOrWarn(ctx.run.mode), reason: 'no SAST provider available' };
  ctx.emit({ type: 'stage.step', stage: 'validate', step: 'sast' });
  const outcome = await sast.run(ctx);
  await ctx.writeArtifact(EVIDENCE_FILE.sarif, outcome.sarif, 'application/sarif+json');
  return outcome.gate;
}

/** Runs the scenarios (their messages and spec-coverage.json become evidence); without a runner, spec coverage is a gap. */
async function scenarioGate(ctx: StageContext, scenarios: ScenarioProvider | undefined, code: CodeCoverageSection | null): Promise<GateDecision> {
  if (scenarios && ctx.config.generate.scenarios.enabled) {
    ctx.emit({ type: 'stage.step', stage: 'validate', step: 'scenarios', detail: `${ctx.specs.files.length} feature file(s)` });
    const outcome = await scenarios.run(ctx, code);
    if (outcome.messagesNdjson !== undefined) {
      await ctx.writeArtifact(EVIDENCE_FILE.cucumberMessages, outcome.messagesNdjson, 'application/x-ndjson');
    }
    await ctx.writeArtifact(EVIDENCE_FILE.coverage, `${JSON.stringify(outcome.specCoverage, null, 2)}\n`, 'application/json');
    return outcome.gate;
  }
  const doc = { schemaVersion: 1, featureSha: ctx.run.featureSha, mode: ctx.run.mode, scenarios: null, code };
  await ctx.writeArtifact(EVIDENCE_FILE.coverage, `${JSON.stringify(doc, null, 2)}\n`, 'application/json');
  return { gate: 'spec coverage', outcome: failOrWarn(ctx.run.mode), reason: 'scenarios were not run (generate.scenarios.enabled is false or no runner)' };
}

/** The stage's status and one-line summary from its gates. */
function verdict(gates: readonly GateDecision[]): StageResult {
  const failed = gates.filter((g) => g.outcome === 'fail');
  const warned = gates.filter((g) => g.outcome === 'warn');
  const status = failed.length > 0 ? 'failure' : warned.length > 0 ? 'warning' : 'success';
  const summary =
    failed.length > 0
      ? `failed: ${failed.map((g) => g.gate).join(', ')}`
      : warned.length > 0
        ? `warnings: ${warned.map((g) => g.gate).join(', ')}`
        : gates.map((g) => g.reason).join('; ');
  return { status, summary, artifact: EVIDENCE_FILE.coverage, gates };
}

export function createValidateStage(providers: ValidateProviders): Stage {
  return {
    name: 'validate',
    description: 'lint, unit tests, code coverage, SAST and scenarios',
    async run(ctx): Promise<StageResult> {
      const { gates, code } = await commandGates(ctx, providers);
      gates.push(await sastGate(ctx, providers.sast));
      gates.push(await scenarioGate(ctx, providers.scenarios, code));
      return verdict(gates);
    },
  };
}

// The application side of `specgate generate`, kept out of the CLI file so the command stays a
// thin shell: load the project, generate, optionally run the scenarios and write spec coverage.
import * as path from 'node:path';
import { ExitCode, UsageError } from '../../core/errors.js';
import type { FileSystem, ProcessRunner } from '../../core/ports.js';
import type { ScenarioPorts } from '../../core/scenarios/ports.js';
import { buildSpecCoverage, scenarioResults, type SpecCoverage } from '../../core/generate/spec-coverage.js';
import type { Mode } from '../../core/config/schema.js';
import { loadProject, type Project } from '../project.js';
import { runScenarios } from '../scenarios/run-scenarios.js';
import { generateProject, type GenerateProjectResult } from './generate-project.js';
import { readSpecSet, specSetSha } from './spec-files.js';
import { EVIDENCE_FILE } from '../../core/evidence/vocabulary.js';
import { redactorFor } from '../security/secrets.js';

export interface GenerateCommandInput {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly version: string;
  readonly log: (text: string) => void;
  readonly fs: FileSystem;
  readonly processes: ProcessRunner;
  /** The cucumber child and the service launcher for `--scenarios`. */
  readonly scenarioRunner: Omit<ScenarioPorts, 'fs'>;
  readonly options: {
    readonly out?: string;
    readonly dryRun?: boolean;
    readonly check?: boolean;
    readonly scenarios?: boolean;
    readonly specCoverage?: string;
    readonly url?: string;
    readonly mode?: Mode;
  };
}

export interface GenerateCommandResult {
  readonly exitCode: number;
  readonly text: string;
  readonly json: unknown;
}

function summary(result: GenerateProjectResult, outRoot: string, dryRun: boolean): string[] {
  const lines = [`feature SHA ${result.featureSha} · ${result.specFiles.length} spec file(s) · generator ${result.generator.name}${result.generator.version ? ` ${result.generator.version}` : ''}`];
  const written = new Set(result.written);
  for (const file of result.files) {
    const action = written.has(file.path) ? (dryRun ? 'would write' : 'wrote') : file.kind === 'scaffold' ? 'kept (yours)' : 'up to date';
    lines.push(`  ${action.padEnd(12)} ${file.path}${file.kind === 'scaffold' ? '  [scaffold]' : ''}`);
  }
  for (const stale of result.removed) lines.push(`  ${(dryRun ? 'would remove' : 'removed').padEnd(12)} ${stale}  [no longer in the specs]`);
  for (const step of result.undefinedSteps) lines.push(`  note: ${step.file}:${step.line}: step not in the HTTP step library, stubbed as pending: ${step.text}`);
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  lines.push(`${dryRun ? 'would write' : 'wrote'} ${result.written.length} file(s) under ${outRoot}, ${result.kept.length} unchanged or kept`);
  return lines;
}

type Options = GenerateCommandInput['options'];

interface ScenarioOutcome {
  readonly coverage: SpecCoverage;
  readonly results: ReturnType<typeof scenarioResults>;
}

function assertOptions(options: Options): void {
  if ((options.specCoverage !== undefined || options.url !== undefined) && !options.scenarios) {
    throw new UsageError('INVALID_ARGUMENT', '--spec-coverage and --url need --scenarios', { hint: 'add --scenarios' });
  }
}

/**
 * Runs the scenarios against what is built (the app module or a running service), which
 * generating does not change; running them first lets one generation record their results.
 */
async function runScenarioStep(input: GenerateCommandInput, project: Project): Promise<ScenarioOutcome> {
  const { fs, options } = input;
  const specs = await readSpecSet(fs, project.root, project.config.features);
  const run = await runScenarios({
    projectRoot: project.root,
    config: project.config,
    featurePaths: specs.map((s) => s.path),
    ...(options.url === undefined ? {} : { baseUrl: options.url }),
    signal: input.signal,
    env: input.env,
    ports: { ...input.scenarioRunner, fs },
  });
  const coverage = buildSpecCoverage({ featureSha: specSetSha(specs), scenarios: run.pickles, threshold: project.config.coverage.specThreshold, mode: project.mode, code: null });
  if (options.specCoverage !== undefined) {
    const target = path.resolve(input.cwd, options.specCoverage);
    await fs.mkdirp(path.dirname(target));
    await fs.writeAtomic(target, `${JSON.stringify(coverage, null, 2)}\n`);
    await fs.writeAtomic(path.join(path.dirname(target), EVIDENCE_FILE.cucumberMessages), run.messagesNdjson);
  }
  return { coverage, results: scenarioResults(run.pickles) };
}

/** Generated code that `--check` finds missing or out of date; living docs carry scenario results, so they are left out. */
function staleCode(result: GenerateProjectResult, docsFolder: string): string[] {
  const docsPrefix = `${docsFolder.replace(/^\.\/|\/+$/g, '')}/`;
  return [
    ...result.written.filter((p) => result.files.find((f) => f.path === p)?.kind === 'generated' && !p.startsWith(docsPrefix)),
    ...result.removed.filter((p) => !p.startsWith(docsPrefix)),
  ];
}

function coverageLines(coverage: SpecCoverage): string[] {
  const t = coverage.totals;
  return [
    `scenarios: ${t.passed}/${t.total} passed, ${t.implemented} implemented (${t.undefined} undefined, ${t.pending} pending, ${t.failed} failed) — spec coverage ${coverage.percentPassed}% vs ${coverage.threshold}%: ${coverage.gate.outcome}`,
    ...coverage.scenarios
      .filter((s) => s.status !== 'passed')
      .map((p) => `  ${p.status.padEnd(9)} ${p.file}:${p.line} ${p.scenario}${p.example === undefined ? '' : ` (example ${p.example + 1})`}`),
  ];
}

function commandJson(result: GenerateProjectResult, outRoot: string, dryRun: boolean, stale: string[] | undefined, coverage: SpecCoverage | undefined): unknown {
  return {
    featureSha: result.featureSha,
    generator: result.generator,
    outRoot,
    dryRun,
    files: result.files.map((f) => ({ path: f.path, kind: f.kind, action: result.written.includes(f.path) ? (dryRun ? 'would-write' : 'written') : 'kept' })),
    removed: result.removed,
    undefinedSteps: result.undefinedSteps,
    warnings: result.warnings,
    ...(stale === undefined ? {} : { stale }),
    ...(coverage ? { specCoverage: coverage } : {}),
  };
}

export async function generateCommand(input: GenerateCommandInput): Promise<GenerateCommandResult> {
  const { options, fs, processes } = input;
  assertOptions(options);
  const project = await loadProject(fs, input.cwd, options.mode);
  const outRoot = options.out === undefined ? project.root : path.resolve(input.cwd, options.out);
  const dryRun = Boolean(options.dryRun || options.check);
  const scenarios = options.scenarios && !dryRun ? await runScenarioStep(input, project) : undefined;
  // Generator output is echoed on the terminal (and CI logs): redacted first, like every captured stream.
  const redactor = redactorFor(input.env, project.config);
  const result = await generateProject({
    fs, projectRoot: project.root, outRoot, config: project.config, processes, env: input.env, signal: input.signal, toolVersion: input.version,
    onOutput: (chunk: string) => input.log(redactor.push(chunk)), dryRun,
    ...(scenarios === undefined ? {} : { results: scenarios.results }),
  });
  input.log(redactor.flush());
  const stale = options.check ? staleCode(result, project.config.generate.docs) : undefined;
  const lines = summary(result, outRoot, dryRun);
  if (stale !== undefined) lines.push(stale.length === 0 ? 'generated files are up to date' : `out of date: ${stale.join(', ')} (run 'specgate generate')`);
  if (scenarios) lines.push(...coverageLines(scenarios.coverage));
  const failed = (stale?.length ?? 0) > 0 || scenarios?.coverage.gate.outcome === 'fail';
  return { exitCode: failed ? ExitCode.failed : ExitCode.ok, text: `${lines.join('\n')}\n`, json: commandJson(result, outRoot, dryRun, stale, scenarios?.coverage) };
}

// The application side of `specgate generate`, kept out of the CLI file so the command stays a
// thin shell: load the project, generate, optionally run the scenarios and write spec coverage.
import * as path from 'node:path';
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { ExitCode, UsageError } from '../../core/errors.js';
import { buildSpecCoverage, scenarioResults, type SpecCoverage } from '../../core/generate/spec-coverage.js';
import type { Mode } from '../../core/config/schema.js';
import { loadProject } from '../project.js';
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

export async function generateCommand(input: GenerateCommandInput): Promise<GenerateCommandResult> {
  const { options } = input;
  if ((options.specCoverage !== undefined || options.url !== undefined) && !options.scenarios) {
    throw new UsageError('INVALID_ARGUMENT', '--spec-coverage and --url need --scenarios', { hint: 'add --scenarios' });
  }
  const fs = new NodeFileSystem();
  const processes = new NodeProcessRunner();
  const project = await loadProject(fs, input.cwd, options.mode);
  const outRoot = options.out === undefined ? project.root : path.resolve(input.cwd, options.out);
  const dryRun = Boolean(options.dryRun || options.check);
  // Generator and scenario output is echoed on the terminal (and CI logs): redacted first, like every captured stream.
  const redactor = redactorFor(input.env, project.config);
  const echo = (chunk: string) => input.log(redactor.push(chunk));
  const common = { fs, projectRoot: project.root, outRoot, config: project.config, processes, env: input.env, signal: input.signal, toolVersion: input.version, onOutput: echo };
  // The scenarios run against what is built (the app module or a running service), which
  // generating does not change; running them first lets one generation record their results.
  let coverage: SpecCoverage | undefined;
  let results: ReturnType<typeof scenarioResults> | undefined;
  if (options.scenarios && !dryRun) {
    const specs = await readSpecSet(fs, project.root, project.config.features);
    const featureSha = specSetSha(specs);
    const run = await runScenarios({
      projectRoot: project.root,
      config: project.config,
      featurePaths: specs.map((s) => s.path),
      ...(options.url === undefined ? {} : { baseUrl: options.url }),
      signal: input.signal,
      processes,
      env: input.env,
    });
    coverage = buildSpecCoverage({ featureSha, scenarios: run.pickles, threshold: project.config.coverage.specThreshold, mode: project.mode, code: null });
    results = scenarioResults(run.pickles);
    if (options.specCoverage !== undefined) {
      const target = path.resolve(input.cwd, options.specCoverage);
      await fs.mkdirp(path.dirname(target));
      await fs.writeAtomic(target, `${JSON.stringify(coverage, null, 2)}\n`);
      await fs.writeAtomic(path.join(path.dirname(target), EVIDENCE_FILE.cucumberMessages), run.messagesNdjson);
    }
  }
  const result = await generateProject({ ...common, dryRun, ...(results === undefined ? {} : { results }) });
  input.log(redactor.flush());

  // Living docs carry scenario results (refreshed by --scenarios), so --check looks at code only.
  const docsPrefix = `${project.config.generate.docs.replace(/^\.\/|\/+$/g, '')}/`;
  const stale = options.check
    ? [
        ...result.written.filter((p) => result.files.find((f) => f.path === p)?.kind === 'generated' && !p.startsWith(docsPrefix)),
        ...result.removed.filter((p) => !p.startsWith(docsPrefix)),
      ]
    : [];
  const lines = summary(result, outRoot, dryRun);
  if (options.check) lines.push(stale.length === 0 ? 'generated files are up to date' : `out of date: ${stale.join(', ')} (run 'specgate generate')`);
  if (coverage) {
    const t = coverage.totals;
    lines.push(`scenarios: ${t.passed}/${t.total} passed, ${t.implemented} implemented (${t.undefined} undefined, ${t.pending} pending, ${t.failed} failed) — spec coverage ${coverage.percentPassed}% vs ${coverage.threshold}%: ${coverage.gate.outcome}`);
    for (const p of coverage.scenarios.filter((s) => s.status !== 'passed')) {
      lines.push(`  ${p.status.padEnd(9)} ${p.file}:${p.line} ${p.scenario}${p.example === undefined ? '' : ` (example ${p.example + 1})`}`);
    }
  }
  const exitCode = stale.length > 0 || coverage?.gate.outcome === 'fail' ? ExitCode.failed : ExitCode.ok;
  return {
    exitCode,
    text: `${lines.join('\n')}\n`,
    json: {
      featureSha: result.featureSha,
      generator: result.generator,
      outRoot,
      dryRun,
      files: result.files.map((f) => ({ path: f.path, kind: f.kind, action: result.written.includes(f.path) ? (dryRun ? 'would-write' : 'written') : 'kept' })),
      removed: result.removed,
      undefinedSteps: result.undefinedSteps,
      warnings: result.warnings,
      ...(options.check ? { stale } : {}),
      ...(coverage ? { specCoverage: coverage } : {}),
    },
  };
}
